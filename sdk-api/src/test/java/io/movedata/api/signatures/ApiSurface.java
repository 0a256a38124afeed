package io.movedata.api.signatures;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
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
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The public surface of compiled classes, as the text of a signature file: for each public type, in
 * name order, a line declaring it (annotations, modifiers, {@code sealed} or {@code non-sealed}, kind,
 * name, type parameters, record components, supertypes, permitted subtypes), then its public and
 * protected members, one indented line each, in {@link Signatures#memberKey} order: {@code ctor},
 * {@code enum_constant}, {@code field} (with its value when it is a constant a compiler copies into
 * its callers) and {@code method} (with {@code abstract}, {@code default} or {@code static}, generics,
 * varargs, throws, and an annotation element's default).
 *
 * <p>Written here rather than with {@code toGenericString}, whose layout is the JDK's to change, so
 * the file is the same wherever it is generated. {@code java.lang} types are written by their simple
 * names, every other type by its canonical name.
 */
final class ApiSurface {
    /**
     * What an annotation type is worth recording: it changes what users of the element may rely on
     * (for an annotation type: where it may be written, and whether it can be read at run time).
     */
    private static final Set<String> ANNOTATIONS_THAT_MATTER = Set.of("io.movedata.api.Unstable", Deprecated.class.getName(),
            FunctionalInterface.class.getName(), Retention.class.getName(), Target.class.getName());
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
                .append(sealing(type)).append(kind).append(' ').append(type.getCanonicalName()).append(typeParameters(type.getTypeParameters()));
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
        if (isSubclassable(type) && type.isSealed()) {
            line.append(Arrays.stream(type.getPermittedSubclasses()).map(ApiSurface::name).sorted()
                    .collect(Collectors.joining(", ", " permits ", "")));
        }
        return line.toString();
    }

    /**
     * {@code sealed }, {@code non-sealed } or nothing: not bits of {@link Modifier}, yet sealing a type
     * breaks every connector that extends or implements it.
     */
    private static String sealing(Class<?> type) {
        if (!isSubclassable(type)) {
            return "";
        }
        if (type.isSealed()) {
            return "sealed ";
        }
        boolean extendsSealed = type.getSuperclass() != null && type.getSuperclass().isSealed()
                || Arrays.stream(type.getInterfaces()).anyMatch(Class::isSealed);
        return extendsSealed && !Modifier.isFinal(type.getModifiers()) ? "non-sealed " : "";
    }

    /**
     * A class or interface; not an enum, record or annotation type, which no user can extend anyway (an
     * enum whose constants have bodies is sealed to their anonymous classes).
     */
    private static boolean isSubclassable(Class<?> type) {
        return !type.isEnum() && !type.isRecord() && !type.isAnnotation();
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
                Object elementDefault = method.getDefaultValue();
                members.add("method " + annotations(method) + modifiers + " " + typeParametersAndSpace(method.getTypeParameters())
                        + name(method.getGenericReturnType()) + " " + method.getName() + parametersAndThrows(method)
                        + (elementDefault == null ? "" : " default " + value(elementDefault)));
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
                .map(annotation -> "@" + annotation.annotationType().getSimpleName() + annotationValue(annotation) + " ")
                .sorted().collect(Collectors.joining());
    }

    private static String annotationValue(Annotation annotation) {
        if (annotation instanceof Deprecated deprecated) {
            return deprecated.forRemoval() ? "(forRemoval=true)" : "";
        }
        if (annotation instanceof Retention retention) {
            return "(" + retention.value() + ")";
        }
        if (annotation instanceof Target target) {
            return Arrays.stream(target.value()).map(Enum::name).sorted().collect(Collectors.joining(",", "({", "})"));
        }
        return "";
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
        return Arrays.stream(variables).map(variable -> variable.getName() + upperBounds(variable.getBounds()))
                .collect(Collectors.joining(", ", "<", ">"));
    }

    private static String typeParametersAndSpace(TypeVariable<?>[] variables) {
        return variables.length == 0 ? "" : typeParameters(variables) + " ";
    }

    private static String upperBounds(Type[] bounds) {
        if (bounds.length == 1 && bounds[0] == Object.class) {
            return ""; // implied; but Object before other bounds is kept, as it decides the erasure
        }
        return " extends " + Arrays.stream(bounds).map(ApiSurface::name).collect(Collectors.joining(" & "));
    }

    /** A constant's value, which compilers copy into the classes that read it: changing it is a change of the surface. */
    private static String constantValue(Field field) {
        int modifiers = field.getModifiers();
        Class<?> type = field.getType();
        if (!Modifier.isStatic(modifiers) || !Modifier.isFinal(modifiers) || !(type.isPrimitive() || type == String.class)) {
            return "";
        }
        try {
            return " = " + value(field.get(null));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read constant " + field, e);
        }
    }

    /** A constant, or an annotation element's value, as Java writes it (an annotation's elements in name order). */
    private static String value(Object value) {
        if (value.getClass().isArray()) {
            return IntStream.range(0, Array.getLength(value)).mapToObj(i -> value(Array.get(value, i)))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof Annotation annotation) {
            return "@" + name(annotation.annotationType()) + Arrays.stream(annotation.annotationType().getDeclaredMethods())
                    .sorted(Comparator.comparing(Method::getName))
                    .map(element -> element.getName() + "=" + value(invoke(element, annotation)))
                    .collect(Collectors.joining(", ", "(", ")"));
        }
        return value instanceof String text ? quoted(text)
                : value instanceof Character c ? "'" + c + "'"
                : value instanceof Long l ? l + "L"
                : value instanceof Float f ? f + "f"
                : value instanceof Class<?> type ? name(type) + ".class"
                : value instanceof Enum<?> constant ? name(constant.getDeclaringClass()) + "." + constant.name()
                : String.valueOf(value);
    }

    private static Object invoke(Method element, Annotation annotation) {
        try {
            return element.invoke(annotation);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + element + " of " + annotation, e);
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
            return wildcard.getLowerBounds().length > 0 ? "? super " + name(wildcard.getLowerBounds()[0]) // only one is allowed
                    : "?" + upperBounds(wildcard.getUpperBounds());
        }
        if (type instanceof GenericArrayType array) {
            return name(array.getGenericComponentType()) + "[]";
        }
        return type.getTypeName(); // a type variable
    }
}
