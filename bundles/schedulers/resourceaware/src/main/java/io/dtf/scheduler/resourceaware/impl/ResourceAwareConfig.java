package io.dtf.scheduler.resourceaware.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "DTF Resource-aware scheduler",
        description = "Best-fit bin packing of queued tasks onto workers by CPU, memory, GPU and browsers "
                + "(etc/io.dtf.scheduler.resourceaware.cfg).")
@interface ResourceAwareConfig {

    @AttributeDefinition(name = "Default CPUs",
            description = "CPUs a task takes when its requirements name none. 0: such tasks only need a free slot.",
            min = "0")
    int defaultCpus() default 1;

    @AttributeDefinition(name = "Default memory (MB)",
            description = "Memory a task takes when its requirements name none.", min = "0")
    long defaultMemoryMb() default 0;

    @AttributeDefinition(name = "GPU label",
            description = "The worker label that marks a GPU. Tasks asking for it (or for WebGPU or WebNN) are "
                    + "GPU tasks; other tasks go to workers without a GPU while such workers have room.")
    String gpuLabel() default "gpu";

    @AttributeDefinition(name = "Reserve after (s)",
            description = "A task that found no worker with enough spare CPU or memory for this long gets the "
                    + "worker closest to fitting it reserved, so that smaller tasks stop filling it. 0: never.",
            min = "0")
    int reserveAfterSeconds() default 300;
}
