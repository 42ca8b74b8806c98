package io.dtf.connector.email.impl;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.angus.activation.MailcapRegistryProviderImpl;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * The class loader that Jakarta Mail and Jakarta Activation must find their implementation through, set as the
 * context class loader of the threads that build and send mail ({@link SmtpClient}).
 *
 * <p>Why: the APIs find their implementations at run time, not through package imports. Jakarta Mail's
 * {@code StreamProvider} (needed by every {@code Session}, body part and encoder) and Activation's
 * {@code MailcapRegistryProvider} are looked up with {@code java.util.ServiceLoader}, first through the thread's
 * context class loader; the content handlers ({@code text/plain}, {@code multipart/*}) are named in Angus Mail's
 * {@code META-INF/mailcap} and loaded through it too. In OSGi, the API bundles' own class loaders see none of this.
 * Instead of weaving the API bundles with an OSGi Service Loader Mediator (SPI Fly), which covers the
 * {@code ServiceLoader} calls but not the mailcap resources and handler classes, DTF passes the implementation
 * explicitly: this loader answers for the Angus Mail and Angus Activation bundles (the two this bundle imports a
 * package of), classes and resources alike. Outside OSGi both are the application's class loader.
 */
final class MailImplementationLoader extends ClassLoader {
    /**
     * One for the bundle: Activation keeps a command map per context class loader, so every thread that sends mail
     * must share this one.
     */
    static final MailImplementationLoader INSTANCE = new MailImplementationLoader(
            SMTPTransport.class.getClassLoader(), MailcapRegistryProviderImpl.class.getClassLoader());

    private final List<ClassLoader> implementations;

    private MailImplementationLoader(ClassLoader... loaders) {
        super(null);
        Set<ClassLoader> distinct = new LinkedHashSet<>();
        for (ClassLoader loader : loaders) {
            distinct.add(loader == null ? ClassLoader.getSystemClassLoader() : loader);
        }
        this.implementations = List.copyOf(distinct);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (ClassLoader loader : implementations) {
            try {
                return loader.loadClass(name);
            } catch (ClassNotFoundException notThere) {
                // the next implementation bundle may have it
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        for (ClassLoader loader : implementations) {
            URL url = loader.getResource(name);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        Set<URL> urls = new LinkedHashSet<>();
        for (ClassLoader loader : implementations) {
            urls.addAll(Collections.list(loader.getResources(name)));
        }
        return Collections.enumeration(new ArrayList<>(urls));
    }

    /** Runs {@code work} with this loader as the thread's context class loader, then restores the thread's own. */
    static Runnable around(Runnable work) {
        return () -> {
            Thread thread = Thread.currentThread();
            ClassLoader own = thread.getContextClassLoader();
            thread.setContextClassLoader(INSTANCE);
            try {
                work.run();
            } finally {
                thread.setContextClassLoader(own);
            }
        };
    }
}
