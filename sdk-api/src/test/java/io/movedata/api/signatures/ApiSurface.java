package io.movedata.api.signatures;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public surface of compiled classes, as the text of a signature file: for each public type, in
 * name order, a line declaring it (annotations, modifiers, kind, name, type parameters, record
 * components, supertypes), then its public and protected members, one indented line each, in
 * {@link Signatures#memberKey} order: {@code ctor}, {@code enum_constant}, {@code field} (with its value
 * when it is a constant a compiler copies into its callers) and {@code method} (with
 * {@code abstract}, {@code default} or {@code static}, generics, varargs and throws).
 *
 * <p>Written here rather than with {@code toGenericString}, whose layout is the JDK's to change, so
 * the file is the same wherever it is generated. {@code java.lang} types are written by their simple
 * names, every other type by its canonical name.
 */
final class ApiSurface {
    /** What an annotation type is worth recording: it changes what users of the element may rely on. */
    private static final Set<String> ANNOTATIONS_THAT_MATTER = Set.of(
            "io.movedata.api.Unstable", Deprecated.class.getName(), FunctionalInterface.class.getName());
    /** The modifiers that change how a type or member may be used; not, for example, {@code synchronized} or {@code transient}. */
    private static final int MODIFIERS = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.ABSTRACT | Modifier.STATIC | Modifier.FINAL;
    private static final Set<Class<?>> IMPLIED_SUPERCLASSES = Set.of(Object.class, Record.class, Enum.class);

    private ApiSurface() {}

    /**
     * The surface of the types compiled under {@code classes} in {@code packageName} and its
     * subpackages, loaded (not initialized until a constant is read) with {@code loader}.
     */
    static String of(Path classes, String packageName, ClassLoader loader) throws IOException {
        Path packageDirectory = classes.resolve(packageName.replace('.', '/'));
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(packageDirectory)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String relative = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                Class<?> type = load(relative.substring(0, relative.length() - ".class".length()).replace('/', '.'), loader);
                if (isExported(type)) {
                    types.add(type);
                }
            }
        }
        types.sort(Comparator.comparing(Class::getCanonicalName));
        StringBuilder text = new StringBuilder();
        for (Class<?> type : types) {
            text.append(declaration(type)).append('\n');
            members(type).forEach(member -> text.append("  ").append(member).append('\n'));
            text.append('\n');
        }
        return text.toString();
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Compiled class " + name + " cannot be loaded", e);
        }
    }

    /** A type a user outside the package can name: public or protected, as is every type enclosing it. */
    private static boolean isExported(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            if (!isExported(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isExported(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String declaration(Class<?> type) {
        int modifiers = type.getModifiers() & MODIFIERS;
        String kind;
        if (type.isAnnotation()) {
            kind = "@interface";
            modifiers &= ~(Modifier.ABSTRACT | Modifier.STATIC);
        } else if (type.isInterface()) {
            kind = "interface";
            modifiers &= ~(Modifier.ABSTRACT | Modifier.STATIC);
        } else if (type.isEnum()) {
            kind = "enum";
            modifiers &= ~(Modifier.FINAL | Modifier.STATIC);
        } else if (type.isRecord()) {
            kind = "record";
            modifiers &= ~(Modifier.FINAL | Modifier.STATIC);
        } else {
            kind = "class";
        }
        StringBuilder line = new StringBuilder(annotations(type)).append(Modifier.toString(modifiers)).append(' ')
                .append(kind).append(' ').append(type.getCanonicalName()).append(typeParameters(type.getTypeParameters()));
        if (type.isRecord()) {
            line.append(Arrays.stream(type.getRecordComponents())
                    .map(component -> name(component.getGenericType()) + " " + component.getName())
                    .collect(Collectors.joining(", ", "(", ")")));
        }
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && !IMPLIED_SUPERCLASSES.contains(type.getSuperclass())) {
            line.append(" extends ").append(name(superclass));
        }
        List<String> interfaces = Arrays.stream(type.getGenericInterfaces())
                .filter(supertype -> !(type.isAnnotation() && supertype == Annotation.class))
                .map(ApiSurface::name).toList();
        if (!interfaces.isEmpty()) {
            line.append(type.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
        }
        return line.toString();
    }

    private static List<String> members(Class<?> type) {
        List<String> members = new ArrayList<>();
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (isExported(constructor.getModifiers()) && !constructor.isSynthetic()) {
                members.add("ctor " + annotations(constructor) + Modifier.toString(constructor.getModifiers() & MODIFIERS)
                        + " " + typeParametersAndSpace(constructor.getTypeParameters()) + type.getSimpleName() + parametersAndThrows(constructor));
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (isExported(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
                String modifiers = Modifier.toString(method.getModifiers() & MODIFIERS) + (method.isDefault() ? " default" : "");
                members.add("method " + annotations(method) + modifiers + " " + typeParametersAndSpace(method.getTypeParameters())
                        + name(method.getGenericReturnType()) + " " + method.getName() + parametersAndThrows(method));
            }
        }
        for (Field field : type.getDeclaredFields()) {
            if (field.isEnumConstant()) {
                members.add("enum_constant " + annotations(field) + field.getName());
            } else if (isExported(field.getModifiers()) && !field.isSynthetic()) {
                members.add("field " + annotations(field) + Modifier.toString(field.getModifiers() & MODIFIERS) + " "
                        + name(field.getGenericType()) + " " + field.getName() + constantValue(field));
            }
        }
        members.sort(Comparator.comparing(Signatures::memberKey).thenComparing(Comparator.naturalOrder()));
        return members;
    }

    /** The annotations that matter, each followed by a space, in name order; none has a space in it. */
    private static String annotations(AnnotatedElement element) {
        return Arrays.stream(element.getDeclaredAnnotations())
                .filter(annotation -> ANNOTATIONS_THAT_MATTER.contains(annotation.annotationType().getName()))
                .map(annotation -> "@" + annotation.annotationType().getSimpleName()
                        + (annotation instanceof Deprecated deprecated && deprecated.forRemoval() ? "(forRemoval=true)" : "") + " ")
                .sorted().collect(Collectors.joining());
    }

    private static String parametersAndThrows(Executable executable) {
        List<String> parameters = new ArrayList<>(Arrays.stream(executable.getGenericParameterTypes()).map(ApiSurface::name).toList());
        if (executable.isVarArgs()) {
            String last = parameters.remove(parameters.size() - 1);
            parameters.add(last.substring(0, last.length() - "[]".length()) + "...");
        }
        Type[] thrown = executable.getGenericExceptionTypes();
        return "(" + String.join(", ", parameters) + ")" + (thrown.length == 0 ? ""
                : " throws " + Arrays.stream(thrown).map(ApiSurface::name).sorted().collect(Collectors.joining(", ")));
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables).map(variable -> variable.getName() + bounds(" extends ", variable.getBounds()))
                .collect(Collectors.joining(", ", "<", ">"));
    }

    private static String typeParametersAndSpace(TypeVariable<?>[] variables) {
        return variables.length == 0 ? "" : typeParameters(variables) + " ";
    }

    private static String bounds(String keyword, Type[] bounds) {
        List<String> named = Arrays.stream(bounds).filter(bound -> bound != Object.class).map(ApiSurface::name).toList();
        return named.isEmpty() ? "" : keyword + String.join(" & ", named);
    }

    /** A constant's value, which compilers copy into the classes that read it: changing it is a change of the surface. */
    private static String constantValue(Field field) {
        int modifiers = field.getModifiers();
        Class<?> type = field.getType();
        if (!Modifier.isStatic(modifiers) || !Modifier.isFinal(modifiers) || !(type.isPrimitive() || type == String.class)) {
            return "";
        }
        try {
            Object value = field.get(null);
            return " = " + (value instanceof String text ? quoted(text)
                    : value instanceof Character c ? "'" + c + "'"
                    : value instanceof Long l ? l + "L"
                    : value instanceof Float f ? f + "f"
                    : String.valueOf(value));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read constant " + field, e);
        }
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"';
    }

    private static String name(Type type) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                return name(c.getComponentType()) + "[]";
            }
            return c.getPackageName().equals("java.lang") && c.getEnclosingClass() == null ? c.getSimpleName() : c.getCanonicalName();
        }
        if (type instanceof ParameterizedType parameterized) {
            return name(parameterized.getRawType()) + Arrays.stream(parameterized.getActualTypeArguments())
                    .map(ApiSurface::name).collect(Collectors.joining(", ", "<", ">"));
        }
        if (type instanceof WildcardType wildcard) {
            return wildcard.getLowerBounds().length > 0 ? "?" + bounds(" super ", wildcard.getLowerBounds())
                    : "?" + bounds(" extends ", wildcard.getUpperBounds());
        }
        if (type instanceof GenericArrayType array) {
            return name(array.getGenericComponentType()) + "[]";
        }
        return type.getTypeName(); // a type variable
    }
}
