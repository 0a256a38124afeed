package io.movedata.api.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signature check on copies of sdk-api that really change it: each test changes the sources,
 * compiles them with javac and checks the result against the surface of sdk-api as built, which
 * {@link SdkApiSignaturesTest} holds equal to the recorded signature file. (Not against the file
 * itself, so that a change of the real surface fails that one test only, with its own message.)
 */
class SignatureCheckTest {
    private static final String ACCEPT = """
            A change that breaks what a stable part promises waits for a major version (docs/sdk-api.md).
            To accept the change, run from the repository's root
              mvn -pl sdk-api test -Dtest=SdkApiSignaturesTest -Dsignatures.accept
            and commit sdk-api/api/sdk-api.signatures with the change.""";

    @TempDir
    Path directory;

    @Test
    void anUnchangedCopyHasTheSurfaceOfSdkApi() throws Exception {
        assertThat(check(ChangedSdkApi.copy(directory))).isEmpty();
    }

    @Test
    void aChangedReturnTypeFailsNamingTheSignatureBeforeAndAfterAndHowToAcceptIt() throws Exception {
        ChangedSdkApi changed = ChangedSdkApi.copy(directory)
                .replace("ConnectorOptions.java", "public int integer(String name)", "public long integer(String name)");

        assertThat(check(changed)).contains("""
                sdk-api's public surface differs from sdk-api/api/sdk-api.signatures: 1 changed, 0 added, 0 removed.
                io.movedata.api.ConnectorOptions
                  changed: method public int integer(String)
                       to: method public long integer(String)
                """ + ACCEPT);
    }

    @Test
    void aMethodWhoseParametersChangeIsRemovedAndAnotherAdded() throws Exception {
        ChangedSdkApi changed = ChangedSdkApi.copy(directory)
                .replace("SourceFrames.java", "Dataset<Row> frame(String table);", "Dataset<Row> frame(String table, boolean cached);");

        assertThat(check(changed)).contains("""
                sdk-api's public surface differs from sdk-api/api/sdk-api.signatures: 0 changed, 1 added, 1 removed.
                io.movedata.api.SourceFrames
                  removed: method public abstract org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame(String)
                  added:   method public abstract org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame(String, boolean)
                """ + ACCEPT);
    }

    @Test
    void aDefaultMethodMadeAbstractAndAnUnstableMarkRemovedAreChanges() throws Exception {
        ChangedSdkApi changed = ChangedSdkApi.copy(directory)
                .replace("Connector.java", "default List<NamedUdf> udfs() {\n        return List.of();\n    }", "List<NamedUdf> udfs();")
                .replace("GroupTransform.java", "@Unstable\npublic interface GroupTransform", "public interface GroupTransform");

        assertThat(check(changed)).contains("""
                sdk-api's public surface differs from sdk-api/api/sdk-api.signatures: 2 changed, 0 added, 0 removed.
                io.movedata.api.Connector
                  changed: method public default java.util.List<io.movedata.api.NamedUdf> udfs()
                       to: method public abstract java.util.List<io.movedata.api.NamedUdf> udfs()
                io.movedata.api.GroupTransform
                  changed: @Unstable public interface io.movedata.api.GroupTransform extends java.io.Serializable
                       to: public interface io.movedata.api.GroupTransform extends java.io.Serializable
                """ + ACCEPT);
    }

    @Test
    void anAddedTypeIsListedWithEveryPublicAndProtectedMember() throws Exception {
        ChangedSdkApi changed = ChangedSdkApi.copy(directory).write("Checkpoint.java", """
                package io.movedata.api;

                import java.io.IOException;
                import java.util.List;
                import java.util.function.Function;

                @Unstable
                public abstract class Checkpoint<T extends Comparable<T>> implements java.io.Serializable {
                    public static final long FORMAT = 2L;
                    public static final String PREFIX = "ckpt \\"v2\\"";
                    protected final T position;
                    private int hidden;

                    protected Checkpoint(T position) {
                        this.position = position;
                    }

                    public abstract <R> List<? extends R> map(Function<? super T, R> function, String... names) throws IOException;

                    @Deprecated(forRemoval = true)
                    public T position() {
                        return position;
                    }

                    void packagePrivate() {
                    }

                    public enum Kind { FULL, INCREMENTAL }

                    interface Hidden {
                    }
                }
                """);

        assertThat(check(changed)).contains("""
                sdk-api's public surface differs from sdk-api/api/sdk-api.signatures: 0 changed, 12 added, 0 removed.
                io.movedata.api.Checkpoint
                  added:   @Unstable public abstract class io.movedata.api.Checkpoint<T extends Comparable<T>> implements java.io.Serializable
                  added:   ctor protected Checkpoint(T)
                  added:   field public static final long FORMAT = 2L
                  added:   field public static final String PREFIX = "ckpt \\"v2\\""
                  added:   field protected final T position
                  added:   method public abstract <R> java.util.List<? extends R> map(java.util.function.Function<? super T, R>, String...) throws java.io.IOException
                  added:   method @Deprecated(forRemoval=true) public T position()
                io.movedata.api.Checkpoint.Kind
                  added:   public enum io.movedata.api.Checkpoint.Kind
                  added:   enum_constant FULL
                  added:   enum_constant INCREMENTAL
                  added:   method public static io.movedata.api.Checkpoint.Kind valueOf(String)
                  added:   method public static io.movedata.api.Checkpoint.Kind[] values()
                """ + ACCEPT);
    }

    @Test
    void aRemovedTypeIsListedWithEveryMemberItHad() throws Exception {
        ChangedSdkApi changed = ChangedSdkApi.copy(directory).delete("MetadataColumns.java");

        assertThat(check(changed)).contains("""
                sdk-api's public surface differs from sdk-api/api/sdk-api.signatures: 0 changed, 0 added, 5 removed.
                io.movedata.api.MetadataColumns
                  removed: public final class io.movedata.api.MetadataColumns
                  removed: field public static final String ROW_WRITETIME = "_row_writetime"
                  removed: method public static String expiry(String)
                  removed: method public static String ttl(String)
                  removed: method public static String writetime(String)
                """ + ACCEPT);
    }

    /** The check the build runs, on the changed copy: what differs from sdk-api as built. */
    private static Optional<String> check(ChangedSdkApi changed) throws Exception {
        return Signatures.differences(Signatures.ofSdkApi(), changed.signatureFile());
    }
}
