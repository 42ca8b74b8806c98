package io.dtf.rest.impl.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.dtf.api.ErrorCode;
import io.dtf.api.Problem;
import io.dtf.api.task.RunId;
import io.dtf.api.task.TaskId;
import io.dtf.api.worker.WorkerId;
import io.dtf.http.DtfJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.servlet.http.HttpServletRequest;

/**
 * Request bodies: read within a size limit (413 past it), of an accepted media type (415 otherwise),
 * UTF-8, and JSON bound to API records by {@link DtfJson} with every problem found named by its
 * location ({@code running[0].attempt}) in words a client can act on, never Jackson's internals.
 */
public final class Bodies {
    private Bodies() {
    }

    /** The body, at most {@code limit} bytes; 413 when it is larger, whether or not it announced its length. */
    public static byte[] read(HttpServletRequest request, long limit) throws IOException {
        long announced = request.getContentLengthLong();
        if (announced > limit) {
            throw tooLarge(limit);
        }
        int expected = announced > 0 ? (int) announced : 8192;
        byte[] buffer = new byte[Math.min(expected, (int) Math.min(limit + 1, Integer.MAX_VALUE - 8))];
        int length = 0;
        try (InputStream in = request.getInputStream()) {
            while (true) {
                if (length == buffer.length) {
                    if (length > limit) {
                        throw tooLarge(limit);
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, limit + 1));
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
                if (length > limit) {
                    throw tooLarge(limit);
                }
            }
        }
        return Arrays.copyOf(buffer, length);
    }

    private static RestError tooLarge(long limit) {
        return new RestError(ErrorCode.PAYLOAD_TOO_LARGE, "the body is larger than " + describeSize(limit)
                + ", the limit of this call");
    }

    public static String describeSize(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    /**
     * The media type of the body, lower case without parameters, when it is one of {@code accepted};
     * 415 otherwise, and for a charset other than UTF-8.
     */
    public static String mediaType(HttpServletRequest request, Collection<String> accepted) {
        String header = request.getContentType();
        String wanted = "send Content-Type: " + String.join(" or ", accepted);
        if (header == null || header.isBlank()) {
            throw new RestError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the request has no Content-Type; " + wanted);
        }
        String[] parts = header.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!accepted.contains(type)) {
            throw new RestError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type " + Query.shorten(type)
                    + " is not accepted here; " + wanted);
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("charset")) {
                String charset = parameter[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    throw new RestError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "charset " + Query.shorten(charset)
                            + " is not accepted; send UTF-8");
                }
            }
        }
        return type;
    }

    /** The body as text; 400 when it is not valid UTF-8. */
    public static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw RestError.invalid("", "the body is not valid UTF-8");
        }
    }

    /**
     * Binds a JSON body to {@code type} by {@link DtfJson}'s mapping, stricter than its defaults: no
     * trailing content, no duplicate keys, no numbers for enums, no fractions for whole numbers. Every
     * problem found is reported at once (400).
     */
    public static <T> T json(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw RestError.invalid("", "the body is empty; expected a JSON object");
        }
        List<Problem> problems = new ArrayList<>();
        ObjectReader reader = DtfJson.mapper().readerFor(type)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .withHandler(new Collector(problems));
        T value = null;
        try {
            value = reader.readValue(body);
        } catch (JsonProcessingException e) {
            Problem problem = describe(e);
            String at = problem.location();
            // a record refusing values already found wrong only repeats those problems
            boolean consequence = e instanceof ValueInstantiationException && problems.stream().anyMatch(p ->
                    at.isEmpty() || p.location().startsWith(at + ".") || p.location().startsWith(at + "["));
            if (!consequence && problems.stream().noneMatch(p -> p.location().equals(at))) {
                problems.add(problem);
            }
        } catch (IOException e) {
            problems.add(new Problem("", "the body cannot be read: " + e.getMessage()));
        }
        if (problems.isEmpty() && value == null) {
            problems.add(new Problem("", "the body must be a JSON object, not null"));
        }
        if (!problems.isEmpty()) {
            throw RestError.invalid("the request body is not valid", problems);
        }
        return value;
    }

    private static Problem describe(JsonProcessingException e) {
        if (e instanceof JsonParseException parse) {
            String where = parse.getLocation() == null ? "" : " at line " + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr();
            return new Problem("", "malformed JSON" + where + ": " + firstLine(parse.getOriginalMessage()));
        }
        if (!(e instanceof JsonMappingException mapping)) {
            return new Problem("", "the body cannot be read: " + firstLine(e.getOriginalMessage()));
        }
        String path = path(mapping.getPath());
        if (e instanceof ValueInstantiationException instantiation) {
            return instantiationProblem(path, instantiation.getCause());
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null) {
            return new Problem(path, "expected " + describe(format.getTargetType()) + ", not " + format.getValue());
        }
        if (e instanceof InvalidNullException) {
            return new Problem(path, "is required");
        }
        if (e instanceof MismatchedInputException mismatch) {
            String original = String.valueOf(mismatch.getOriginalMessage());
            if (original.startsWith("No content")) {
                return new Problem("", "the body is empty; expected a JSON object");
            }
            if (original.startsWith("Trailing token")) {
                return new Problem("", "unexpected content after the JSON value");
            }
            if (mismatch.getTargetType() != null) {
                return new Problem(path, "expected " + describe(mismatch.getTargetType()));
            }
        }
        return new Problem(path, "is not valid");
    }

    /** A record constructor's refusal: {@code NullPointerException("task")} means task is missing. */
    private static Problem instantiationProblem(String path, Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof JsonMappingException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause == null ? null : cause.getMessage();
        if (cause instanceof NullPointerException && message != null && message.matches("[A-Za-z]+")) {
            return new Problem(join(path, message), "is required");
        }
        return new Problem(path, message == null ? "is not valid" : message);
    }

    /** Records what Jackson would fail on, and goes on reading so that later problems are found too. */
    private static final class Collector extends DeserializationProblemHandler {
        private final List<Problem> problems;

        Collector(List<Problem> problems) {
            this.problems = problems;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                                             JsonDeserializer<?> deserializer, Object beanOrClass, String name)
                throws IOException {
            Collection<Object> known = deserializer == null ? null : deserializer.getKnownPropertyNames();
            String list = known == null || known.isEmpty() ? "" : "; known: " + known.stream().map(String::valueOf)
                    .sorted().collect(Collectors.joining(", "));
            String location = parser.getClass().getEnclosingClass() == TokenBuffer.class ? join(bufferedObjectPath(parser), name)
                    : valuePath(parser);
            problems.add(new Problem(location.equals(name) || location.endsWith("." + name) ? location
                    : join(location, name), "unknown property" + list));
            parser.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext context, Class<?> target, String value,
                                             String failure) {
            problems.add(new Problem(valuePath(context.getParser()), "expected " + describe(target)
                    + ", not \"" + Query.shorten(value) + "\""));
            return placeholder(target);
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext context, Class<?> target, Number value,
                                             String failure) {
            problems.add(new Problem(valuePath(context.getParser()), "expected " + describe(target)
                    + ", not " + value));
            return placeholder(target);
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext context, JavaType target, JsonToken token,
                                            JsonParser parser, String failure) throws IOException {
            if (token == null || token == JsonToken.VALUE_NULL) {
                return NOT_HANDLED;
            }
            problems.add(new Problem(valuePath(parser), "expected " + describe(target) + ", not "
                    + describe(token)));
            parser.skipChildren();
            return placeholder(target.getRawClass());
        }
    }

    /**
     * A stand-in that lets reading go on after a recorded problem; the request is refused anyway. Numbers
     * are 1, which the API's records accept (attempt and slot numbers start at 1), so that a record's own
     * check does not stop the reading with a problem that is only a consequence.
     */
    private static Object placeholder(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return 1;
        } else if (type == long.class || type == Long.class) {
            return 1L;
        } else if (type == double.class || type == Double.class) {
            return 1.0;
        } else if (type == float.class || type == Float.class) {
            return 1.0f;
        } else if (type == short.class || type == Short.class) {
            return (short) 1;
        } else if (type == byte.class || type == Byte.class) {
            return (byte) 1;
        } else if (type == boolean.class || type == Boolean.class) {
            return false;
        }
        return null;
    }

    static String describe(JavaType type) {
        if (type.isCollectionLikeType() || type.isArrayType()) {
            return "an array";
        }
        if (type.isMapLikeType()) {
            return "an object";
        }
        return describe(type.getRawClass());
    }

    static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == byte.class || type == Byte.class) {
            return "a whole number";
        } else if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        } else if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        } else if (type == String.class) {
            return "a string";
        } else if (type == Duration.class) {
            return "an ISO-8601 duration such as PT20S";
        } else if (type == Instant.class) {
            return "an ISO-8601 instant such as 2026-11-27T10:00:00Z";
        } else if (type == RunId.class || type == TaskId.class || type == WorkerId.class) {
            return "an id (a string)";
        } else if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        } else if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "a whole number";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }

    /** Where the parser's current value is; a value that opens an object or array is named by its parent. */
    private static String valuePath(JsonParser parser) {
        JsonStreamContext context = parser.getParsingContext();
        if (parser.currentToken() == JsonToken.START_OBJECT || parser.currentToken() == JsonToken.START_ARRAY) {
            context = context.getParent();
        }
        return path(context);
    }

    /**
     * Where the object is whose unknown properties Jackson replays from a buffer (it buffers them while
     * a record's constructor still waits for properties). The buffer's context hangs under the
     * original parser's, whose current name is by then the last property read, not the unknown one.
     */
    private static String bufferedObjectPath(JsonParser buffered) {
        JsonStreamContext context = buffered.getParsingContext();
        if (buffered.currentToken() == JsonToken.START_OBJECT || buffered.currentToken() == JsonToken.START_ARRAY) {
            context = context.getParent();
        }
        JsonStreamContext object = context.getParent();
        return object == null ? "" : path(object.getParent());
    }

    /** {@code running[0].attempt} from a parser context. */
    static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        return strip(String.join("", parts));
    }

    /** {@code running[0].attempt} from an exception's path. */
    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return strip(path.toString());
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String strip(String path) {
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "cannot be parsed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

}
