// Runs after archetype:generate has written the project. maven-archetype-plugin checks the
// validationRegex of archetype-metadata.xml only when it prompts: in batch mode (-B) any value is
// taken, and `-DconnectorName="order totals"` would write `Order totalsConnectorFactory.java`.
// So the names are checked here again, with the same patterns; a bad one removes the project and
// fails the generation with one line.
import java.nio.file.Path

def projectDir = Path.of(request.outputDirectory, request.artifactId)
def checks = [
        connectorName : [~/[a-z][a-z0-9]*(-[a-z0-9]+)*/, "lower-case words joined by '-' (orders, order-totals)"],
        connectorClass: [~/[A-Z][A-Za-z0-9_]*/, 'a Java identifier in upper camel case (Orders, OrderTotals)'],
]
checks.each { name, check ->
    def (pattern, expected) = check
    String value = request.properties.getProperty(name)
    if (!(value ==~ pattern)) {
        projectDir.toFile().deleteDir()
        throw new IllegalArgumentException("$name '$value': expected $expected")
    }
}

// The archetype plugin writes every file without its executable bit.
projectDir.resolve('.ci/run').toFile().setExecutable(true, false)
