<#--
  Slack: short lines that read well as mrkdwn (the Slack channel converts this Markdown and splits it into blocks
  within Slack's limits). Follow-ups of a group go into the first message's thread (groupKey), so an update only
  says what joined. A first message about one event has that event's title as its header already: the body then
  starts with the event's message (a run's figures) and lists its tests without repeating the title.
-->
<#if kind == "UPDATE">*+${total}* since the last message<#elseif kind == "REPEAT">Still open: ${groupTotal} events</#if>
<#assign single = events?size == 1 && kind == "FIRST">
<#assign indent = single?then("", "    ")>
<#list events as e>
<#if single>
<#if e.message??>${e.message}</#if>
<#else>
- <#if e.severity == "ERROR" || e.severity == "CRITICAL">:red_circle:<#elseif e.severity == "WARNING">:warning:<#else>:white_check_mark:</#if> <#if e.link??>[${e.title}](${e.link})<#else>${e.title}</#if><#if e.message??> — ${e.message}</#if>
</#if>
<#list e.tests as t>
<#if t?index lt 10>
${indent}- <#if t.firstFailure>*new* </#if>`${t.name}`<#if t.message??>: ${t.message?truncate(120)}</#if>
</#if>
</#list>
<#if (e.tests?size + e.testsLeftOut) gt 10>
${indent}- …${e.tests?size + e.testsLeftOut - 10} more failed tests
</#if>
<#list e.fixed as t>
${indent}- :white_check_mark: `${t.name}` passes again
</#list>
</#list>
<#if leftOut gt 0>
_…and ${leftOut} more_
</#if>
