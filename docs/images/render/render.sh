#!/bin/sh
# Makes docs/images/slack-notification.png, teams-notification.png and jira-issue.png:
#  1. RenderPayloads (this folder's Maven project, not a module of the build) sends a failed run's end through the
#     notification system's built-in templates into the Slack and Teams connectors' code, and a failed test into the
#     Jira connector against a WireMock Jira, and writes the payloads to target/payloads;
#  2. preview.py lays each payload out as an HTML page (target/pages);
#  3. headless Chromium measures each page and screenshots it into docs/images.
# Install the bundles it uses first (mvn -B -o -q -pl bundles/notify,bundles/connectors/slack,... install).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
images=$(dirname "$here")
chromium=${CHROMIUM:-/usr/bin/chromium}

mvn -B -o -q -f "$here/pom.xml" test -Dtest=RenderPayloads
python3 "$here/preview.py" "$here/target/payloads" "$here/target/pages"

shot() { # page width picture
    page="$here/target/pages/$1.html"
    # the page's height: a script writes it into the title, which --dump-dom prints
    height=$("$chromium" --headless=new --no-sandbox --disable-gpu --window-size="$2,2000" \
        --run-all-compositor-stages-before-draw --virtual-time-budget=2000 --dump-dom \
        "file://$page?measure" 2>/dev/null | sed -n 's:.*<title>\([0-9]*\)</title>.*:\1:p')
    "$chromium" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size="$2,${height:-900}" \
        --screenshot="$images/$3" "file://$page" 2>/dev/null
    echo "$images/$3: $2 x ${height:-900}"
}
shot slack 720 slack-notification.png
shot teams 720 teams-notification.png
shot jira 1000 jira-issue.png
