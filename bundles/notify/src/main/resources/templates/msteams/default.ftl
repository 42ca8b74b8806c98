<#--
  Microsoft Teams: the card shows the title, the fields as facts and this text; kept short (a card holds 28 KB).
-->
<#if kind == "UPDATE">**${total} more** since the last card.<#elseif kind == "REPEAT">Still open: ${groupTotal} events in all.</#if>
<#list events as e>
- **${e.title}**<#if e.message??>: ${e.message?truncate(200)}</#if>
<#list e.tests as t>
<#if t?index lt 5>
  - <#if t.firstFailure>new: </#if>${t.className!""}.${t.name}
</#if>
</#list>
<#if (e.tests?size + e.testsLeftOut) gt 5>
  - and ${e.tests?size + e.testsLeftOut - 5} more failed tests
</#if>
</#list>
<#if leftOut gt 0>
…and ${leftOut} more.
</#if>
