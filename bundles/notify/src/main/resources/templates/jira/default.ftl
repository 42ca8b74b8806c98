<#--
  Jira: an issue description (the Jira channel turns Markdown into Atlassian Document Format or wiki markup):
  what failed, the failed tests with their messages as code, and where to look.
-->
<#list events as e>
## ${e.title}

<#if e.message??>
```
${e.message}
```

</#if>
<#list e.tests as t>
- <#if t.firstFailure>**new failure** </#if>`${t.className!""}.${t.name}`
<#if t.message??>
  ```
  ${t.message?truncate(1000)}
  ```
</#if>
</#list>
<#if e.testsLeftOut gt 0>
- and ${e.testsLeftOut} more failed tests
</#if>
<#if e.link??>

Run in DTF: ${e.link}
</#if>

</#list>
<#if leftOut gt 0>
${leftOut} more events are not listed here.
</#if>
