package io.dtf.benchmarks.load;

import io.dtf.api.executor.TaskExecutor;
import io.dtf.api.task.TaskResult;
import io.dtf.api.task.TaskState;
import io.dtf.api.worker.WorkerInfo;
import io.dtf.client.HttpWorkerGateway;
import io.dtf.worker.impl.agent.WorkerAgent;
import io.dtf.worker.impl.capability.CapabilityDetector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process for the coordinator-path benchmark: the standalone worker's own {@link WorkerAgent}
 * on the same {@link HttpWorkerGateway} (register, long polls that carry the reports of starts and
 * ends, {@code /reports} while a poll waits, per attempt its work folder and log file), with an executor for {@code command} that runs nothing and
 * answers PASSED at once. What it leaves out of {@code dtf-worker.jar}'s worker is the log streamer,
 * which has nothing to stream for a task that writes no output.
 *
 * <p>{@code java -cp benchmarks.jar io.dtf.benchmarks.load.NoopWorker URL NAME SLOTS WORK_DIR}, the
 * worker token in {@code DTF_TOKEN}. SIGTERM drains it like the real worker.
 */
public final class NoopWorker {
    private NoopWorker() {
    }

    public static void main(String[] args) throws Exception {
        URI coordinator = URI.create(args[0]);
        String name = args[1];
        int slots = Integer.parseInt(args[2]);
        int prefetch = Integer.parseInt(args[4]); // per slot, as the standalone worker's --prefetch
        Path workDir = Path.of(args[3]);
        String token = System.getenv("DTF_TOKEN");
        CapabilityDetector detector = new CapabilityDetector();
        String host = CapabilityDetector.hostName();
        WorkerInfo info = new WorkerInfo(WorkerAgent.workerId(host, name), name, host,
                detector.detect(java.util.List.of()), slots, prefetch * slots);
        HttpWorkerGateway http = HttpWorkerGateway.connect(coordinator, token, slots + 3);
        CountingGateway counted = new CountingGateway(http);
        TaskExecutor noop = execution -> TaskResult.of(TaskState.PASSED, "noop");
        Map<String, TaskExecutor> executors = Map.of("command", noop);
        WorkerAgent agent = new WorkerAgent(counted, info, executors::get, workDir.resolve("work"),
                workDir.resolve("logs"), Duration.ofSeconds(20));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (!agent.drain(Duration.ofSeconds(20))) {
                    agent.shutdown();
                }
            } catch (InterruptedException e) {
                agent.shutdown();
            } finally {
                http.close();
                System.out.println(counted.summary());
                stopped.countDown();
            }
        }, "noop-worker-drain"));
        agent.start();
        stopped.await();
    }
}
