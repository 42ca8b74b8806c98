package io.dtf.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TaskId;
import io.dtf.api.task.TestId;
import io.dtf.api.worker.WorkerId;
import java.io.IOException;
import java.util.function.Function;

/**
 * The one JSON mapping of DTF's API types, used by the REST API and by every client, so that both
 * ends agree: records by their component names, ids ({@link RunId}, {@link TaskId},
 * {@link WorkerId}, {@link TestId}) as plain strings, instants and durations as ISO-8601 strings, nulls left out.
 * Unknown properties are refused: a typo in a request is an error, not silently ignored. Only record
 * components are data; helper methods such as {@code isEmpty()} are not.
 */
public final class DtfJson {
    private static final ObjectMapper MAPPER = create();

    private DtfJson() {
    }

    /** A shared, thread-safe mapper. Do not reconfigure it; {@link #create()} gives one of your own. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectMapper create() {
        SimpleModule ids = new SimpleModule("dtf-ids");
        stringId(ids, RunId.class, RunId::value, RunId::of);
        stringId(ids, TaskId.class, TaskId::value, TaskId::of);
        stringId(ids, WorkerId.class, WorkerId::value, WorkerId::of);
        stringId(ids, TestId.class, TestId::value, TestId::of);
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(ids)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                // records carry helpers such as isEmpty() or isTerminal(): only their components are data
                .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
                .build();
    }

    private static <T> void stringId(SimpleModule module, Class<T> type, Function<T, String> value,
                                     Function<String, T> parse) {
        module.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T id, JsonGenerator out, SerializerProvider provider) throws IOException {
                out.writeString(value.apply(id));
            }
        });
        module.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser in, DeserializationContext context) throws IOException {
                return parse.apply(in.getValueAsString());
            }
        });
    }
}
