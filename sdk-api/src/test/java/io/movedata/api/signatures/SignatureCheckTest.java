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
    void sealingATypeAndOpeningItsSubclassAreChanges() throws Exception {
        ChangedSdkApi changed = ChangedSdkApi.copy(directory)
                .replace("MovedataException.java", "public class MovedataException extends RuntimeException {",
                        "public sealed class MovedataException extends RuntimeException permits ConnectorException {")
                .replace("ConnectorException.java", "public class ConnectorException", "public non-sealed class ConnectorException");

        assertThat(check(changed)).contains("""
                sdk-api's public surface differs from sdk-api/api/sdk-api.signatures: 2 changed, 0 added, 0 removed.
                io.movedata.api.ConnectorException
                  changed: public class io.movedata.api.ConnectorException extends io.movedata.api.MovedataException
                       to: public non-sealed class io.movedata.api.ConnectorException extends io.movedata.api.MovedataException
                io.movedata.api.MovedataException
                  changed: public class io.movedata.api.MovedataException extends RuntimeException
                       to: public sealed class io.movedata.api.MovedataException extends RuntimeException permits io.movedata.api.ConnectorException
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
    void anAddedSealedHierarchyNamesThePermittedSubtypesInNameOrder() throws Exception {
        ChangedSdkApi changed = ChangedSdkApi.copy(directory).write("Step.java", """
                package io.movedata.api;

                public sealed interface Step permits Step.Read, Step.Phase, Step.Custom {
                    sealed interface Read extends Step permits Read.Full {
                        final class Full implements Read {
                        }
                    }

                    non-sealed abstract class Custom implements Step {
                    }

                    enum Phase implements Step {
                        FIRST {
                            @Override
                            public String toString() {
                                return "first";
                            }
                        },
                        LAST
                    }
                }
                """);

        // An enum whose constant has a body is sealed to that constant's anonymous class; it cannot be
        // subclassed either way, so it reads as a plain enum.
        assertThat(check(changed)).contains("""
                sdk-api's public surface differs from sdk-api/api/sdk-api.signatures: 0 changed, 11 added, 0 removed.
                io.movedata.api.Step
                  added:   public sealed interface io.movedata.api.Step permits io.movedata.api.Step.Custom, io.movedata.api.Step.Phase, io.movedata.api.Step.Read
                io.movedata.api.Step.Custom
                  added:   public abstract static non-sealed class io.movedata.api.Step.Custom implements io.movedata.api.Step
                  added:   ctor public Custom()
                io.movedata.api.Step.Phase
                  added:   public enum io.movedata.api.Step.Phase implements io.movedata.api.Step
                  added:   enum_constant FIRST
                  added:   enum_constant LAST
                  added:   method public static io.movedata.api.Step.Phase valueOf(String)
                  added:   method public static io.movedata.api.Step.Phase[] values()
                io.movedata.api.Step.Read
                  added:   public sealed interface io.movedata.api.Step.Read extends io.movedata.api.Step permits io.movedata.api.Step.Read.Full
                io.movedata.api.Step.Read.Full
                  added:   public static final class io.movedata.api.Step.Read.Full implements io.movedata.api.Step.Read
                  added:   ctor public Full()
                """ + ACCEPT);
    }

    @Test
    void anObjectBoundThatDecidesTheErasureAndAWildcardSuperObjectAreKept() throws Exception {
        // <T extends Object & Comparable<? super T>> erases to Object, <T extends Comparable<? super T>>
        // to Comparable: a connector compiled against one does not link against the other.
        ChangedSdkApi changed = ChangedSdkApi.copy(directory).write("Ranges.java", """
                package io.movedata.api;

                import java.util.Collection;
                import java.util.Collections;
                import java.util.function.Consumer;

                public final class Ranges {
                    private Ranges() {
                    }

                    public static <T extends Object & Comparable<? super T>> T max(Collection<? extends T> values) {
                        return Collections.max(values);
                    }

                    public static void each(Consumer<? super Object> action, Collection<?> values) {
                        values.forEach(action);
                    }
                }
                """);

        assertThat(check(changed)).contains("""
                sdk-api's public surface differs from sdk-api/api/sdk-api.signatures: 0 changed, 3 added, 0 removed.
                io.movedata.api.Ranges
                  added:   public final class io.movedata.api.Ranges
                  added:   method public static void each(java.util.function.Consumer<? super Object>, java.util.Collection<?>)
                  added:   method public static <T extends Object & Comparable<? super T>> T max(java.util.Collection<? extends T>)
                """ + ACCEPT);
    }

    @Test
    void anAnnotationTypesTargetsRetentionAndElementDefaultsAreRecorded() throws Exception {
        ChangedSdkApi changed = ChangedSdkApi.copy(directory)
                .replace("Unstable.java", "@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})",
                        "@Target({ElementType.TYPE, ElementType.METHOD})")
                .write("Since.java", """
                        package io.movedata.api;

                        import java.lang.annotation.ElementType;
                        import java.lang.annotation.Retention;
                        import java.lang.annotation.RetentionPolicy;
                        import java.lang.annotation.Target;

                        @Retention(RetentionPolicy.CLASS)
                        @Target({ElementType.TYPE, ElementType.METHOD})
                        public @interface Since {
                            String value();
                            String note() default "a \\"note\\"";
                            int[] minors() default {1, 2};
                            ErrorKind kind() default ErrorKind.INTERNAL;
                            Class<?> owner() default Connector.class;
                            Deprecated deprecated() default @Deprecated(since = "0.1");
                        }
                        """);

        assertThat(check(changed)).contains("""
                sdk-api's public surface differs from sdk-api/api/sdk-api.signatures: 1 changed, 7 added, 0 removed.
                io.movedata.api.Since
                  added:   @Retention(CLASS) @Target({METHOD,TYPE}) public @interface io.movedata.api.Since
                  added:   method public abstract Deprecated deprecated() default @Deprecated(forRemoval=false, since="0.1")
                  added:   method public abstract io.movedata.api.ErrorKind kind() default io.movedata.api.ErrorKind.INTERNAL
                  added:   method public abstract int[] minors() default {1, 2}
                  added:   method public abstract String note() default "a \\"note\\""
                  added:   method public abstract Class<?> owner() default io.movedata.api.Connector.class
                  added:   method public abstract String value()
                io.movedata.api.Unstable
                  changed: @Retention(RUNTIME) @Target({CONSTRUCTOR,FIELD,METHOD,TYPE}) public @interface io.movedata.api.Unstable
                       to: @Retention(RUNTIME) @Target({METHOD,TYPE}) public @interface io.movedata.api.Unstable
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
