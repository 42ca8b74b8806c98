<#--
  The default body of any channel without a template of its own: Markdown, which each channel converts.
  Seen here: kind (FIRST, UPDATE, REPEAT), title, fields, events (each: id, type, severity, title, message,
  labels, tests, testsLeftOut, fixed, link, at), total, shown, leftOut, groupTotal, counts, severity, groupLabels,
  link, channelType. Assign title or fields to replace them.
-->
<#if kind == "UPDATE">${total} more since the last message:<#elseif kind == "REPEAT">Still open: ${groupTotal} events in all.</#if>
<#list events as e>
- **${e.title}**<#if e.message??>: ${e.message}</#if>
<#list e.tests as t>
  - <#if t.firstFailure>new: </#if>`${t.className!""}.${t.name}`<#if t.message??>: ${t.message}</#if>
</#list>
<#if e.testsLeftOut gt 0>
  - and ${e.testsLeftOut} more failed tests
</#if>
<#list e.fixed as t>
  - passes again: `${t.className!""}.${t.name}`
</#list>
</#list>
<#if leftOut gt 0>
…and ${leftOut} more events not listed here.
</#if>
