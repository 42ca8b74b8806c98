package io.dtf.rest.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.api.task.Page;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TaskState;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryTest {

    private static Query query(String raw, String... known) {
        return Query.of(Query.parse(raw), Set.of(known));
    }

    private static List<String> problems(Query q) {
        return q.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void pagingDefaultsToTheFirstHundred() {
        Query q = query(null, "offset", "limit");
        assertEquals(new Page(0, 100), q.page());
        q.check();
        assertEquals(new Page(20, 1000), query("offset=20&limit=1000", "offset", "limit").page());
    }

    @Test
    void everyPagingProblemIsNamed() {
        Query q = query("offset=-1&limit=1001&color=red", "offset", "limit");
        q.page();
        assertEquals(List.of("query.color: unknown parameter; this route takes limit, offset",
                "query.offset: must be between 0 and 100000000, not -1",
                "query.limit: must be between 1 and 1000, not 1001"), problems(q));
        RestError error = assertThrows(RestError.class, q::check);
        assertEquals(ErrorCode.INVALID_ARGUMENT, error.code());
        assertEquals(3, error.problems().size());
    }

    @Test
    void numbersMustBeWholeAndGivenOnce() {
        Query q = query("limit=ten&offset=1&offset=2&tail=99999999999999999999", "offset", "limit", "tail");
        q.page();
        q.integer("tail", 1, 10, 0);
        assertEquals(List.of("query.limit: must be a whole number, not 'ten'", "query.offset: given 2 times; give it once",
                "query.tail: must be a whole number, not '99999999999999999999'"), problems(q).stream().sorted().toList());
        Query zero = query("limit=0", "limit", "offset");
        zero.page();
        assertEquals(List.of("query.limit: must be between 1 and 1000, not 0"), problems(zero));
    }

    @Test
    void enumsAreCommaSeparatedOrRepeatedInAnyCase() {
        Query q = query("state=queued,Running&state=PASSED&state=", "state");
        assertEquals(EnumSet.of(TaskState.QUEUED, TaskState.RUNNING, TaskState.PASSED), q.enums("state", TaskState.class));
        q.check();
        Query bad = query("state=DONE,QUEUED,nope", "state");
        bad.enums("state", TaskState.class);
        assertEquals(List.of("query.state: unknown values DONE, nope; known: QUEUED, LEASED, RUNNING, PASSED, FAILED, "
                + "ERROR, TIMED_OUT, CANCELLED"), problems(bad));
    }

    @Test
    void escapesAreDecodedAndMalformedOnesReported() {
        Query q = query("tenant=web%20team&x%zz=1", "tenant");
        assertEquals("web team", q.text("tenant", 100));
        assertEquals(List.of("query: malformed %-escape in 'x%zz=1'"), problems(q));
        assertEquals("a+b", query("tenant=a%2Bb", "tenant").text("tenant", 100));
    }

    @Test
    void parsedValuesReportTheParsersReason() {
        Query q = query("run=12&worker=ok-1", "run", "worker");
        assertEquals(null, q.parsed("run", RunId::parse));
        assertEquals("ok-1", q.parsed("worker", Ids::worker).value());
        assertEquals(List.of("query.run: '12' is not a run id (r followed by a number, e.g. r12)"), problems(q));
    }
}
