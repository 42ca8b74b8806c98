package io.dtf.api.ci;

import java.util.regex.Pattern;

/**
 * The hidden marker by which a provider finds its pull request comment again ({@link CIProvider#upsertPrComment}):
 * an HTML comment, invisible in rendered Markdown, at the start of the comment's body. Every provider marks its
 * comments the same way, so that a comment survives a change of provider bundle version.
 */
public final class CommentMarker {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private CommentMarker() {
    }

    /**
     * The marker of comments of this key: {@code <!-- dtf:comment:api-tests -->}.
     *
     * @throws IllegalArgumentException naming the key when it is not 1 to 100 letters, digits, {@code . _ : -}
     */
    public static String of(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("comment key '" + key
                    + "' must be 1 to 100 letters, digits, '.', '_', ':' or '-'");
        }
        return "<!-- dtf:comment:" + key + " -->";
    }

    /** The body of a comment of this key: its marker, then the Markdown. */
    public static String mark(String key, String markdown) {
        return of(key) + "\n" + (markdown == null ? "" : markdown);
    }

    /** Whether a comment's body is the comment of this key. */
    public static boolean isMarked(String key, String body) {
        return body != null && body.startsWith(of(key));
    }
}
