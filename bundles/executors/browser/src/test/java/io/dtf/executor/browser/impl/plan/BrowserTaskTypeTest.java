package io.dtf.executor.browser.impl.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dtf.api.DtfException;
import io.dtf.api.Problem;
import io.dtf.api.pool.BrowserRequirements;
import io.dtf.api.task.Requirements;
import io.dtf.executor.browser.impl.job.BrowserSpec;
import io.dtf.plan.PlanDefaults;
import io.dtf.plan.PlanParser;
import io.dtf.plan.PlannedTask;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** browser tasks, read by a plan parser with this type's definition: their keys checked and made into the spec. */
class BrowserTaskTypeTest {
    static final PlanParser PARSER = new PlanParser(PlanDefaults.STANDARD, Map.of("browser", new BrowserTaskType()));

    private static PlannedTask task(String keys) {
        return PARSER.parse("name: p\ntasks:\n  - name: t\n    type: browser\n" + keys, "p.yaml").tasks().get(0);
    }

    private static List<String> problems(String keys) {
        DtfException e = assertThrows(DtfException.class,
                () -> PARSER.parse("name: p\ntasks:\n  - name: t\n    type: browser\n" + keys, "p.yaml"));
        return e.problems().stream().map(p -> p.location() + ": " + p.message()).toList();
    }

    @Test
    void theDesignsExampleIsABrowserTaskOfChromeWithAScriptFileInputAndThreeShards() {
        PlannedTask t = task("""
                    browser: chrome
                    script: pages/matmul.js
                    input: {n: 512}
                    shards: 3
                """);
        assertEquals(Map.of("browser", "chrome", "scriptFile", "pages/matmul.js", "input", Map.of("n", 512),
                "shards", 3), t.spec());
        assertEquals("chrome", t.requirements().browser(), "given only to workers with a Chrome in their pool");
        BrowserSpec spec = BrowserSpec.of(t.spec());
        assertEquals("pages/matmul.js", spec.scriptFile());
        assertNull(spec.script());
        assertEquals(3, spec.shards());
    }

    @Test
    void chromiumIsAChromeAndAnyAsksForNoBrowser() {
        assertEquals("chrome", task("    browser: Chromium\n    script: x.js\n").spec().get("browser"));
        PlannedTask any = task("    browser: any\n    script: x.js\n");
        assertFalse(any.spec().containsKey("browser"));
        assertNull(any.requirements().browser());
    }

    @Test
    void aScriptOnMoreThanOneLineOrNotEndingInJsIsTheScriptItself() {
        assertEquals("return 1 + 1;", task("    script: return 1 + 1;\n").spec().get("script"));
        PlannedTask multi = task("    script: |\n      const x = 'a.js';\n      return x;\n");
        assertEquals("const x = 'a.js';\nreturn x;\n", multi.spec().get("script"));
        assertFalse(multi.spec().containsKey("scriptFile"));
    }

    @Test
    void webgpuAndWebnnBecomeRequirementsOfTheWorkerAndOfTheBrowser() {
        PlannedTask t = task("""
                    page: https://example.com/nn.html
                    webgpu: [shader-f16]
                    webnn: [cpu, GPU]
                """);
        assertEquals(Boolean.TRUE, t.requirements().webgpu());
        assertEquals(Boolean.TRUE, t.requirements().webnn());
        BrowserRequirements browser = BrowserSpec.of(t.spec()).requirements(t.requirements());
        assertEquals(new BrowserRequirements(null, null, null, Set.of("shader-f16"), null, Set.of("cpu", "gpu")),
                browser, "a feature implies WebGPU, a device WebNN: what is missing is named once");
        assertEquals(URI.create("https://example.com/nn.html"), BrowserSpec.of(t.spec()).page());

        BrowserRequirements hardware = BrowserSpec.of(task("    script: x.js\n    webgpu: hardware\n    webnn: npu\n")
                .spec()).requirements(Requirements.NONE);
        assertEquals(new BrowserRequirements(null, null, true, Set.of(), null, Set.of("npu")), hardware);
    }

    @Test
    void theTasksRequirementsAskTheBrowserTooAndFalseAsksNothing() {
        PlannedTask t = task("    script: x.js\n    webgpu: false\n    requirements: {browser: chromium, webnn: true}\n");
        assertFalse(t.spec().containsKey("webgpu"));
        assertEquals(new BrowserRequirements("chrome", null, null, Set.of(), true, Set.of()),
                BrowserSpec.of(t.spec()).requirements(t.requirements()));
    }

    @Test
    void badKeysAreRefusedNamingTheKeyAndWhatIsAllowed() {
        assertEquals(List.of("tasks[0].script: required, or 'page' (a browser task runs a script, or a page's dtfRun "
                + "function)"), problems("    input: {n: 1}\n"));
        assertEquals(List.of("tasks[0].browser: must be one of chrome, chromium, firefox, any, not 'safari'"),
                problems("    browser: safari\n    script: x.js\n"));
        assertEquals(List.of("tasks[0].page: must be an http, https or file URL (WebGPU and WebNN need a secure "
                + "context: https, http://localhost or file), not 'data:text/html,<p>'"),
                problems("    page: 'data:text/html,<p>'\n"));
        assertEquals(List.of("tasks[0].webnn: 'tpu' is not a WebNN device type (cpu, gpu, npu)"),
                problems("    script: x.js\n    webnn: tpu\n"));
        assertEquals(List.of("tasks[0].webnn[1]: 'tpu' is not a WebNN device type (cpu, gpu, npu)"),
                problems("    script: x.js\n    webnn: [cpu, tpu]\n"));
        assertEquals(List.of("tasks[0].webgpu: must be true, false, hardware (not a fallback adapter) or a list of "
                + "WebGPU features, not 'fast'"), problems("    script: x.js\n    webgpu: fast\n"));
        assertEquals(List.of("tasks[0].script: must be a script file (ending in .js) or the script itself, as a "
                + "string"), problems("    script: [a.js]\n"));
        assertEquals(List.of("tasks[0].shards: must be between 1 and 64 (is 0)"),
                problems("    script: x.js\n    shards: 0\n"));
        List<String> unknown = problems("    script: x.js\n    shard: 2\n");
        assertEquals(true, unknown.get(0).startsWith("tasks[0].shard: ") && unknown.get(0).contains("shards"),
                "suggests shards: " + unknown);
    }

    @Test
    void aBrowserThatContradictsTheRequirementsIsRefused() {
        assertEquals(List.of("tasks[0].browser: 'firefox' contradicts requirements.browser 'chrome'"),
                problems("    browser: firefox\n    script: x.js\n    requirements: {browser: chrome}\n"));
        assertEquals(List.of("tasks[0].webgpu: contradicts requirements.webgpu: false"),
                problems("    webgpu: true\n    script: x.js\n    requirements: {webgpu: false}\n"));
    }

    @Test
    void problemsAreReportedAsThePlanReaderReportsThem() {
        DtfException e = assertThrows(DtfException.class, () -> PARSER.parse(
                "name: p\ntasks:\n  - name: t\n    type: browser\n    script: x.js\n    shards: many\n", "p.yaml"));
        assertEquals("plan p.yaml is not valid:\n  - tasks[0].shards: must be an integer", e.getMessage());
        assertEquals(List.of("tasks[0].shards"), e.problems().stream().map(Problem::location).toList());
    }
}
