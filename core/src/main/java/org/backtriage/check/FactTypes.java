package org.backtriage.check;

import org.backtriage.facts.ExerciseRestriction;
import org.backtriage.facts.ExerciseSuggestion;
import org.backtriage.facts.ReferralReason;
import org.backtriage.facts.Warning;
import org.backtriage.intake.Intake;
import org.backtriage.intake.Routine;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The fact types a rule may name: the classes of {@code org.backtriage.facts} (found on the class path,
 * so a fact added there is known without editing this class), the intake and its routine, and the types
 * the rule files declare ({@code declare Thresholds ... end}). Each with its fields, in order.
 */
final class FactTypes {
    static final String FACTS_PACKAGE = "org.backtriage.facts";
    /** The intake classes a rule may match besides the facts. */
    static final List<Class<?>> INTAKE_TYPES = List.of(Intake.class, Routine.class);
    /** The conclusions a rule may insert: what the assessment is assembled from. */
    static final List<Class<?>> CONCLUSIONS = List.of(ReferralReason.class, Warning.class, ExerciseSuggestion.class,
            ExerciseRestriction.class);

    /** A field: its name, its type as written, and the Java class when known. */
    record Field(String name, String typeName, Class<?> javaType) {
        boolean bool() {
            return javaType != null ? box(javaType) == Boolean.class : typeName.equals("boolean") || typeName.equals("Boolean");
        }

        boolean text() {
            return javaType != null ? javaType == String.class : typeName.equals("String");
        }

        /** Whether the field holds a decimal number (a threshold for it is declared {@code double}). */
        boolean decimal() {
            Class<?> boxed = javaType != null ? box(javaType) : null;
            return boxed != null ? boxed == Double.class || boxed == Float.class || boxed == java.math.BigDecimal.class
                    : typeName.equals("double") || typeName.equals("Double") || typeName.equals("float") || typeName.equals("Float");
        }

        boolean numeric() {
            return javaType != null ? Number.class.isAssignableFrom(box(javaType))
                    : List.of("int", "Integer", "long", "Long", "double", "Double", "float", "Float", "short", "Short").contains(typeName);
        }
    }

    /** A fact type: its simple and qualified name, its fields, and whether a rule file declares it. */
    record Type(String name, String qualifiedName, List<Field> fields, boolean declared) {
        Field field(String fieldName) {
            return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst().orElse(null);
        }

        List<String> fieldNames() {
            return fields.stream().map(Field::name).toList();
        }
    }

    private static final Map<String, Type> JAVA_TYPES = javaTypes();

    private final Map<String, Type> declared = new LinkedHashMap<>();

    FactTypes(List<DrlFile> files) {
        for (DrlFile file : files) {
            if (!file.readable()) {
                continue;
            }
            for (TypeDeclarationDescr declaration : file.descr().getTypeDeclarations()) {
                List<Field> fields = new ArrayList<>();
                for (TypeFieldDescr field : declaration.getFields().values()) {
                    String typeName = field.getPattern() == null ? "Object" : field.getPattern().getObjectType();
                    fields.add(new Field(field.getFieldName(), typeName, null));
                }
                declared.putIfAbsent(declaration.getTypeName(), new Type(declaration.getTypeName(),
                        file.descr().getName() + "." + declaration.getTypeName(), List.copyOf(fields), true));
            }
        }
    }

    /** The type a pattern or {@code new} names (simple or qualified), whether or not the file imports it. */
    Type lookup(String written) {
        if (declared.containsKey(written)) {
            return declared.get(written);
        }
        for (Type type : JAVA_TYPES.values()) {
            if (type.qualifiedName().equals(written) || type.name().equals(written)) {
                return type;
            }
        }
        for (Type type : declared.values()) {
            if (type.qualifiedName().equals(written)) {
                return type;
            }
        }
        return null;
    }

    /** Whether {@code file} can name {@code type} by its simple name: declared in the rule files, or imported. */
    static boolean visible(Type type, String written, PackageDescr file) {
        if (type.declared() || written.contains(".")) {
            return true;
        }
        String pkg = type.qualifiedName().substring(0, type.qualifiedName().lastIndexOf('.'));
        for (ImportDescr i : file.getImports()) {
            if (i.getTarget().equals(type.qualifiedName()) || i.getTarget().equals(pkg + ".*") && pkg.equals(FACTS_PACKAGE)) {
                return true;
            }
        }
        return false;
    }

    /** The simple name of every type a rule may match, for suggestions. */
    List<String> names() {
        TreeSet<String> names = new TreeSet<>(declared.keySet());
        JAVA_TYPES.values().forEach(t -> names.add(t.name()));
        return List.copyOf(names);
    }

    /** The types a rule may insert: the conclusions and the declared types. */
    List<String> conclusionNames() {
        List<String> names = new ArrayList<>(CONCLUSIONS.stream().map(Class::getSimpleName).toList());
        names.addAll(declared.keySet());
        return names;
    }

    boolean isConclusion(Type type) {
        return type.declared() || CONCLUSIONS.stream().anyMatch(c -> c.getName().equals(type.qualifiedName()));
    }

    /** A Java type's fact type (to follow {@code routine.twisting} from Intake to Routine), or null. */
    static Type ofClass(Class<?> javaType) {
        return javaType == null ? null : JAVA_TYPES.get(javaType.getName());
    }

    /** Whether an import names a class rules may use: a fact, Intake or Routine (or every fact with .*). */
    static boolean importable(String target) {
        return target.equals(FACTS_PACKAGE + ".*") || JAVA_TYPES.containsKey(target);
    }

    /** Every class rules may import, for suggestions. */
    static List<String> importableNames() {
        return List.copyOf(JAVA_TYPES.keySet());
    }

    private static Map<String, Type> javaTypes() {
        Map<String, Type> types = new LinkedHashMap<>();
        List<Class<?>> classes = new ArrayList<>(factClasses());
        classes.addAll(INTAKE_TYPES);
        for (Class<?> c : classes) {
            types.put(c.getName(), new Type(c.getSimpleName(), c.getName(), fieldsOf(c), false));
        }
        return Collections.unmodifiableMap(types);
    }

    private static List<Field> fieldsOf(Class<?> c) {
        List<Field> fields = new ArrayList<>();
        if (c.isRecord()) {
            for (RecordComponent component : c.getRecordComponents()) {
                fields.add(new Field(component.getName(), component.getType().getSimpleName(), component.getType()));
            }
            return List.copyOf(fields);
        }
        for (Method m : c.getMethods()) {
            String n = m.getName();
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 0 || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String property = n.startsWith("get") && n.length() > 3 ? n.substring(3)
                    : n.startsWith("is") && n.length() > 2 && box(m.getReturnType()) == Boolean.class ? n.substring(2) : null;
            if (property != null) {
                fields.add(new Field(Character.toLowerCase(property.charAt(0)) + property.substring(1),
                        m.getReturnType().getSimpleName(), m.getReturnType()));
            }
        }
        return List.copyOf(fields);
    }

    private static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return c == int.class ? Integer.class : c == long.class ? Long.class : c == double.class ? Double.class
                : c == float.class ? Float.class : c == short.class ? Short.class : c == boolean.class ? Boolean.class
                : c == byte.class ? Byte.class : Character.class;
    }

    /** The top-level classes of the facts package, read from wherever the class path holds them (folder or jar). */
    private static List<Class<?>> factClasses() {
        URL anchor = Warning.class.getResource("Warning.class");
        List<String> names = new ArrayList<>();
        try {
            if (anchor != null && "jar".equals(anchor.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) anchor.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    String prefix = FACTS_PACKAGE.replace('.', '/') + "/";
                    jar.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(prefix) && n.endsWith(".class") && n.indexOf('/', prefix.length()) < 0)
                            .forEach(n -> names.add(n.substring(prefix.length(), n.length() - ".class".length())));
                }
            } else if (anchor != null) {
                try (Stream<Path> files = Files.list(Path.of(anchor.toURI()).getParent())) {
                    files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                            .forEach(n -> names.add(n.substring(0, n.length() - ".class".length())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the fact classes", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list the fact classes", e);
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names.stream().filter(n -> !n.contains("$") && !n.equals("package-info")).sorted().toList()) {
            try {
                classes.add(Class.forName(FACTS_PACKAGE + "." + name, false, Warning.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("a fact class disappeared while listing: " + name, e);
            }
        }
        return classes;
    }
}
