<#--
  Microsoft Teams: the card shows the title, the fields as facts and this text; kept short (a card holds 28 KB).
  A first card about one event has that event's title as its own: the text starts with the event's message (a run's
  figures) and lists its tests without repeating the title.
-->
<#if kind == "UPDATE">**${total} more** since the last card.<#elseif kind == "REPEAT">Still open: ${groupTotal} events in all.</#if>
<#assign single = events?size == 1 && kind == "FIRST">
<#assign indent = single?then("", "  ")>
<#list events as e>
<#if single>
<#if e.message??>${e.message?truncate(200)}</#if>

<#else>
- **${e.title}**<#if e.message??>: ${e.message?truncate(200)}</#if>
</#if>
<#list e.tests as t>
<#if t?index lt 5>
${indent}- <#if t.firstFailure>new: </#if>${t.className!""}.${t.name}
</#if>
</#list>
<#if (e.tests?size + e.testsLeftOut) gt 5>
${indent}- and ${e.tests?size + e.testsLeftOut - 5} more failed tests
</#if>
</#list>
<#if leftOut gt 0>
…and ${leftOut} more.
</#if>
