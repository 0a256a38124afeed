// The generation failed with one line saying what the value should be, and left no project behind.
def log = new File(basedir, 'build.log').text
assert log.contains(":generate (default-cli) on project standalone-pom: connectorClass 'orders': expected a Java identifier in upper camel case (Orders, OrderTotals) -> [Help 1]")
assert !new File(basedir, 'refused-connector').exists()
