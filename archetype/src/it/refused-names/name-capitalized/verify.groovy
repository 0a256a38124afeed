// The generation failed with one line saying what the value should be, and left no project behind.
def log = new File(basedir, 'build.log').text
assert log.contains(":generate (default-cli) on project standalone-pom: connectorName 'Orders': expected lower-case words joined by '-' (orders, order-totals) -> [Help 1]")
assert !new File(basedir, 'refused-connector').exists()
