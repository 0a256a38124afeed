// The project compiled, its classes are named after the connector in upper camel case, and the
// factory registered under that name is the one the service file lists.
def projectDir = context.projectDir  // the generated project (maven-script-interpreter 1.5 binds it in 'context')
def classes = new File(projectDir, 'target/classes/com/example/shop/totals')
['OrderTotalsConnectorFactory', 'OrderTotalsConnector', 'RunningTotals', 'ItemCode'].each {
    assert new File(classes, it + '.class').isFile() : "no class $it in $classes"
}
def services = new File(projectDir, 'target/classes/META-INF/services/io.movedata.api.ConnectorFactory')
assert services.text.trim() == 'com.example.shop.totals.OrderTotalsConnectorFactory'
assert new File(projectDir, 'src/main/java/com/example/shop/totals/OrderTotalsConnectorFactory.java').text
        .contains('public static final String NAME = "order-totals";')
