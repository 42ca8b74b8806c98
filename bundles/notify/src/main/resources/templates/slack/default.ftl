<#--
  Slack: short lines that read well as mrkdwn (the Slack channel converts this Markdown and splits it into blocks
  within Slack's limits). Follow-ups of a group go into the first message's thread (groupKey), so an update only
  says what joined.
-->
<#if kind == "UPDATE">*+${total}* since the last message<#elseif kind == "REPEAT">Still open: ${groupTotal} events</#if>
<#list events as e>
- <#if e.severity == "ERROR" || e.severity == "CRITICAL">:red_circle:<#elseif e.severity == "WARNING">:warning:<#else>:white_check_mark:</#if> <#if e.link??>[${e.title}](${e.link})<#else>${e.title}</#if><#if e.message??> — ${e.message}</#if>
<#list e.tests as t>
<#if t?index lt 10>
    - <#if t.firstFailure>*new* </#if>`${t.name}`<#if t.message??>: ${t.message?truncate(120)}</#if>
</#if>
</#list>
<#if (e.tests?size + e.testsLeftOut) gt 10>
    - …${e.tests?size + e.testsLeftOut - 10} more failed tests
</#if>
<#list e.fixed as t>
    - :white_check_mark: `${t.name}` passes again
</#list>
</#list>
<#if leftOut gt 0>
_…and ${leftOut} more_
</#if>
