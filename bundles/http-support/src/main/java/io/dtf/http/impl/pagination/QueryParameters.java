package io.dtf.http.impl.pagination;

import io.dtf.http.impl.request.PathTemplate;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Sets one query parameter of a URL, keeping the others as they were encoded. */
final class QueryParameters {
    private QueryParameters() {
    }

    /** The URL with {@code name=value} (percent-encoded) in place of any parameter of that name. */
    static URI with(URI uri, String name, String value) {
        String encodedName = PathTemplate.encode(name);
        List<String> kept = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (!key.equals(encodedName) && !pair.isEmpty()) {
                    kept.add(pair);
                }
            }
        }
        kept.add(encodedName + "=" + PathTemplate.encode(value));
        String s = uri.toString();
        int cut = s.indexOf('?') >= 0 ? s.indexOf('?') : s.indexOf('#') >= 0 ? s.indexOf('#') : s.length();
        return URI.create(s.substring(0, cut) + "?" + String.join("&", kept));
    }
}
