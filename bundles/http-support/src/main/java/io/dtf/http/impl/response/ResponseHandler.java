package io.dtf.http.impl.response;

import java.io.IOException;
import org.apache.hc.core5.http.ClassicHttpResponse;

/** What to do with a successful answer (a 1xx or 2xx). */
@FunctionalInterface
public interface ResponseHandler<T> {
    T handle(ClassicHttpResponse response) throws IOException;
}
