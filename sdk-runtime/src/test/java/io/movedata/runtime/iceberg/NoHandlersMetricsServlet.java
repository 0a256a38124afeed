package io.movedata.runtime.iceberg;

import java.util.Properties;

import org.apache.spark.SparkConf;
import org.apache.spark.metrics.sink.MetricsServlet;
import org.sparkproject.jetty.servlet.ServletContextHandler;

import com.codahale.metrics.MetricRegistry;

/**
 * Spark's driver metrics servlet without its HTTP handler. The build pins Servlet 6 for S3Proxy,
 * which dropped {@code jakarta.servlet.SingleThreadModel}; Spark's shaded Jetty loads that marker
 * when it builds the handler, even with the UI off. The integration tests get the marker from
 * sdk-testkit, which sdk-runtime cannot depend on.
 */
public class NoHandlersMetricsServlet extends MetricsServlet {
    public NoHandlersMetricsServlet(Properties property, MetricRegistry registry) {
        super(property, registry);
    }

    @Override
    public ServletContextHandler[] getHandlers(SparkConf conf) {
        return new ServletContextHandler[0];
    }
}
