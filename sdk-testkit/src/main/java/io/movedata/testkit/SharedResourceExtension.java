package io.movedata.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lifecycle the test kit's JUnit 5 extensions share: registered on a static field, the
 * resource starts before the first test of the class and is closed after the last one, whether
 * tests passed or failed (nested classes share it); registered on an instance field, each test
 * method gets its own.
 *
 * @param <R> what the extension runs
 */
public abstract class SharedResourceExtension<R extends AutoCloseable>
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final String description;
    private volatile R resource;
    /** Unique id of the test class or method whose callbacks started the resource (and close it). */
    private volatile String owner;

    /** @param description what runs, for the message when it does not, e.g. "The S3 endpoint" */
    protected SharedResourceExtension(String description) {
        this.description = description;
    }

    /** Starts a new resource. */
    protected abstract R open();

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        stop(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop(context);
    }

    /** The running resource. */
    protected final R resource() {
        R r = resource;
        if (r == null) {
            throw new IllegalStateException(description + " is not running: register " + getClass().getSimpleName()
                    + " with @RegisterExtension");
        }
        return r;
    }

    /** Starts the resource unless running; the first context to start it (outermost) owns it. */
    private synchronized void start(ExtensionContext context) {
        if (resource != null) {
            return;
        }
        resource = open();
        owner = context.getUniqueId();
    }

    private synchronized void stop(ExtensionContext context) throws Exception {
        if (!context.getUniqueId().equals(owner)) {
            return; // a nested class or a method of the owning class: keep running
        }
        R r = resource;
        resource = null;
        owner = null;
        if (r != null) {
            r.close();
        }
    }
}
