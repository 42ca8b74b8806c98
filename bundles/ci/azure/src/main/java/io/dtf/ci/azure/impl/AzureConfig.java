package io.dtf.ci.azure.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Azure DevOps organization (or Azure DevOps Server collection): a factory configuration each
 * ({@code etc/io.dtf.ci.azure-<name>.cfg}). The personal access token is a private property ({@code .token}), so
 * that it never becomes a service property; give it as {@code ${env:NAME}}.
 */
@ObjectClassDefinition(name = "DTF CI provider: Azure DevOps",
        description = "Reports runs started by Azure Pipelines as test runs (Test Runs API 7.1) and as one pull "
                + "request thread (etc/io.dtf.ci.azure-<name>.cfg).")
@interface AzureConfig {

    @AttributeDefinition(name = "Organization URL",
            description = "https://dev.azure.com/<organization>, or an Azure DevOps Server collection "
                    + "(https://tfs.example.com/tfs/DefaultCollection). Runs whose collectionUri is this one are "
                    + "reported here.")
    String organizationUrl();

    @AttributeDefinition(name = "Personal access token", type = AttributeType.PASSWORD, required = false,
            description = "Key .token; scopes Test Management (read & write) and Code (read & write, for pull "
                    + "request threads); e.g. ${env:AZURE_DEVOPS_TOKEN}. Never printed. May stay empty when every "
                    + "run forwards the job's System.AccessToken.")
    String _token();

    @AttributeDefinition(name = "Request time-out (s)", min = "1",
            description = "How long one request may wait for its answer.")
    int timeoutSeconds() default 30;

    @AttributeDefinition(name = "Longest rate-limit wait (s)", min = "0",
            description = "How long a call may wait for Azure DevOps' Retry-After or X-RateLimit-Reset; a longer "
                    + "wait goes back to DTF's delivery, which tries again after it.")
    int maxRateLimitWaitSeconds() default 30;
}
