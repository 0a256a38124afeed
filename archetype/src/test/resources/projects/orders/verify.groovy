// After the generated project's `mvn verify` passed: its contract test ran every clause, under the
// clause's name, and none failed or was skipped; the factory is registered; the README is filled in.
def report = new File(projectDir, 'target/surefire-reports/TEST-com.example.shop.connector.OrderTotalsContractTest.xml')
assert report.isFile() : "no report of the contract test at $report"
def xml = report.text
def clauses = (xml =~ /<testcase name="([^"]*)"/).collect { it[1] }
['discovery', 'options', 'schemas', 'determinism', 'edge data', 'streaming', 'expected rows'].each { clause ->
    assert clauses.any { it.startsWith(clause + ':') } : "no test of the clause '$clause' in $clauses"
}
['failures', 'errors', 'skipped'].each { count ->
    assert (xml =~ /<testsuite [^>]*\b${count}="0"/).find() : "$report: $count"
}

def services = new File(projectDir, 'target/classes/META-INF/services/io.movedata.api.ConnectorFactory')
assert services.text.trim() == 'com.example.shop.connector.OrderTotalsConnectorFactory'

def readme = new File(projectDir, 'README.md').text
assert readme.startsWith('# order-totals-connector: the `order-totals` movedata connector\n')
assert readme.contains('\n## Run it under spark-submit\n') && readme.contains('--jars target/order-totals-connector-1.0.0-SNAPSHOT.jar')
assert new File(projectDir, '.ci/run').isFile() && new File(projectDir, '.gitignore').isFile()
