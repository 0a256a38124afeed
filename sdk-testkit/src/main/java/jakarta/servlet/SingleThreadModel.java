package jakarta.servlet;

/**
 * Classpath bridge, not movedata API. S3Proxy's Jetty 12 needs Servlet 6, which dropped this
 * deprecated marker interface; Spark's shaded Jetty 11 still loads it when it builds its metrics
 * servlets. Both run in one JVM in tests and the demo, so the testkit puts the marker back.
 */
@Deprecated
public interface SingleThreadModel {}
