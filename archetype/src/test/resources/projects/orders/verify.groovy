// After the generated project's `mvn verify` passed: its contract test ran every clause, each under the
// clause's name, and none failed or was skipped; the factory is registered; the README is filled in;
// and every Java block of docs/connector-guide.md quotes the generated sources (indentation aside).
def projectDir = context.projectDir  // the generated project (maven-script-interpreter 1.5 binds it in 'context')
def report = new File(projectDir, 'target/surefire-reports/TEST-com.example.shop.orders.OrdersContractTest.xml')
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
assert services.text.trim() == 'com.example.shop.orders.OrdersConnectorFactory'

def unindented = { String text -> text.readLines()*.strip().join('\n') }
def sources = new StringBuilder()
new File(projectDir, 'src').eachFileRecurse { if (it.name.endsWith('.java')) sources << unindented(it.text) << '\n' }
def root = projectDir
while (!new File(root, 'docs/connector-guide.md').isFile()) root = root.parentFile
def guide = new File(root, 'docs/connector-guide.md').text
def blocks = (guide =~ /(?s)```java\n(.*?)```/).collect { it[1] }
assert blocks.size() == 4 : "docs/connector-guide.md: ${blocks.size()} Java blocks"
blocks.each { block ->
    unindented(block).split('\n\n').each { piece ->
        assert sources.contains(piece) : "docs/connector-guide.md quotes what the generated project does not have:\n$piece"
    }
}

// Assertions last: a script whose last statement has a value other than null or true fails the test.
def readme = new File(projectDir, 'README.md').text
assert readme.startsWith('# orders-connector: the `orders` movedata connector\n')
assert readme.contains('\n## Run it under spark-submit\n') && readme.contains('--jars target/orders-connector-1.0-SNAPSHOT.jar')
        && readme.contains('/path/to/movedata/cli/target/movedata-bundle.jar run movement.yaml')
assert new File(projectDir, '.gitignore').isFile()
// bash .ci/run is what the guide says; ./.ci/run needs the executable bit archetype-post-generate.groovy sets.
assert java.nio.file.Files.getPosixFilePermissions(projectDir.toPath().resolve('.ci/run'))
        .contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE)
