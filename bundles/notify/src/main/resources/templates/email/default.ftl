<#--
  E-mail: the full story, as the e-mail channel renders this Markdown into the HTML part (and keeps it as the text
  part): a heading per event and a table of its failed tests. Its Message-ID is the notification id, so a mail sent
  again after a restart is recognised.
-->
<#if kind == "UPDATE">${total} more events joined since the last mail.<#elseif kind == "REPEAT">A reminder: ${groupTotal} events are in this group.</#if>

<#list events as e>
### ${e.title}

<#if e.message??>${e.message}

</#if>
<#if e.tests?has_content>
| | Test | Message |
| --- | --- | --- |
<#list e.tests as t>
| <#if t.firstFailure>new<#else>again</#if> | ${t.className!""}.${t.name} | ${(t.message!"")?replace("|", "\\|")?replace("\n", " ")?truncate(300)} |
</#list>
<#if e.testsLeftOut gt 0>

${e.testsLeftOut} more failed tests are not listed.
</#if>

</#if>
<#if e.fixed?has_content>
Passing again: <#list e.fixed as t>${t.className!""}.${t.name}<#sep>, </#list>

</#if>
<#if e.link??>[Open in DTF](${e.link})

</#if>
</#list>
<#if leftOut gt 0>
${leftOut} more events are not listed here.
</#if>
