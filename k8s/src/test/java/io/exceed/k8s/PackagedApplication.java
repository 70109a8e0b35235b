package io.exceed.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An application as it is packaged: its Spring Boot jar under {@code <app>/target}, the file its image is
 * built from. Its configuration is read from inside that jar: service-defaults' shared properties (lowest
 * precedence), then its application.yaml, and the configuration metadata of every library it carries, which
 * names the properties it can be given.
 */
record PackagedApplication(String name, Path jar, String startClass, Map<String, String> properties,
        Set<String> metadataProperties, Set<String> mapPropertyPrefixes) {

    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}$");
    private static final String SERVICE_DEFAULTS = "exceed-service-defaults.properties";
    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final String CLASSES = "BOOT-INF/classes/";
    private static final String LIB = "BOOT-INF/lib/";
    /** Read by the JVM itself, not by Spring. */
    private static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS");

    static PackagedApplication read(Path repoRoot, String name) throws IOException {
        Path jar = jar(repoRoot, name);
        Map<String, String> defaults = new LinkedHashMap<>();
        Map<String, String> own = new LinkedHashMap<>();
        Set<String> metadata = new HashSet<>();
        Set<String> mapPrefixes = new HashSet<>();
        String startClass;
        try (JarFile file = new JarFile(jar.toFile())) {
            startClass = file.getManifest().getMainAttributes().getValue("Start-Class");
            ZipEntry yaml = file.getEntry(CLASSES + "application.yaml");
            assertThat(yaml).as("%s has BOOT-INF/classes/application.yaml", jar).isNotNull();
            try (InputStream in = file.getInputStream(yaml)) {
                for (Object document : new Yaml().loadAll(in)) {
                    if (Nodes.at(document, "spring", "config", "activate") == null) {
                        flatten("", document, own);
                    }
                }
            }
            ZipEntry ownMetadata = file.getEntry(CLASSES + METADATA);
            if (ownMetadata != null) {
                try (InputStream in = file.getInputStream(ownMetadata)) {
                    readMetadata(in.readAllBytes(), metadata, mapPrefixes);
                }
            }
            for (ZipEntry entry : file.stream().filter(e -> e.getName().startsWith(LIB) && e.getName().endsWith(".jar"))
                    .toList()) {
                try (ZipInputStream library = new ZipInputStream(file.getInputStream(entry))) {
                    for (ZipEntry inner; (inner = library.getNextEntry()) != null;) {
                        if (inner.getName().equals(METADATA)) {
                            readMetadata(library.readAllBytes(), metadata, mapPrefixes);
                        } else if (inner.getName().equals(SERVICE_DEFAULTS)) {
                            Properties properties = new Properties();
                            properties.load(new StringReader(new String(library.readAllBytes(), StandardCharsets.UTF_8)));
                            properties.stringPropertyNames().forEach(key -> defaults.put(key, properties.getProperty(key)));
                        }
                    }
                }
            }
        }
        assertThat(defaults).as("%s carries service-defaults' %s", name, SERVICE_DEFAULTS).isNotEmpty();
        Map<String, String> properties = new LinkedHashMap<>(defaults);
        properties.putAll(own);
        return new PackagedApplication(name, jar, startClass, properties, metadata, mapPrefixes);
    }

    /** The module's one Spring Boot jar, and not older than anything it is built from. */
    private static Path jar(Path repoRoot, String name) throws IOException {
        Path target = repoRoot.resolve(name).resolve("target");
        List<Path> jars;
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            jars = files.filter(file -> file.getFileName().toString().matches(Pattern.quote(name) + "-[^/]*\\.jar"))
                    .filter(file -> !file.getFileName().toString().endsWith("-plain.jar")).toList();
        }
        assertThat(jars).as("the packaged jar of %s in %s: package the applications first (./mvnw -B verify "
                + "does; so does ./mvnw -B -DskipTests package)", name, target).hasSize(1);
        Path jar = jars.getFirst();
        FileTime built = Files.getLastModifiedTime(jar);
        try (Stream<Path> sources = Files.walk(repoRoot.resolve(name).resolve("src/main"))) {
            Optional<Path> newer = sources.filter(Files::isRegularFile)
                    .filter(source -> lastModified(source).compareTo(built) > 0)
                    .max(Comparator.comparing(PackagedApplication::lastModified));
            assertThat(newer).as("%s is older than its sources: package %s again", jar, name).isEmpty();
        }
        return jar;
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void readMetadata(byte[] json, Set<String> metadata, Set<String> mapPrefixes) {
        for (JsonNode property : JsonMapper.shared().readTree(json).path("properties")) {
            String name = property.path("name").asString();
            metadata.add(name);
            if (property.path("type").asString().startsWith("java.util.Map")) {
                mapPrefixes.add(relaxedEnvName(name) + "_");
            }
        }
    }

    private static void flatten(String prefix, Object node, Map<String, String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key,
                    value, into));
        } else if (node != null) {
            into.put(prefix, String.valueOf(node));
        }
    }

    /** Spring's relaxed binding from an environment variable: a.b-c[0].d is read from A_BC_0_D. */
    static String relaxedEnvName(String property) {
        return property.replace("-", "").replace("[", "_").replace("]", "").replace('.', '_')
                .toUpperCase(Locale.ROOT);
    }

    /** The environment variables named in ${NAME:default} placeholders. */
    Set<String> placeholderEnvNames() {
        Set<String> names = new TreeSet<>();
        properties.values().forEach(value -> {
            Matcher placeholder = PLACEHOLDER.matcher(value);
            if (placeholder.matches()) {
                names.add(placeholder.group(1));
            }
        });
        return names;
    }

    /** The property whose value is a ${NAME:default} placeholder for that environment variable, if any. */
    Optional<String> propertyReading(String environmentVariable) {
        return properties.entrySet().stream().filter(property -> {
            Matcher placeholder = PLACEHOLDER.matcher(property.getValue());
            return placeholder.matches() && placeholder.group(1).equals(environmentVariable);
        }).map(Map.Entry::getKey).findFirst();
    }

    /** Whether the application reads this environment variable, as a placeholder or a property's relaxed name. */
    boolean reads(String environmentVariable) {
        if (JVM_ENV.contains(environmentVariable) || placeholderEnvNames().contains(environmentVariable)
                || mapPropertyPrefixes.stream().anyMatch(environmentVariable::startsWith)) {
            return true;
        }
        return Stream.concat(properties.keySet().stream(), metadataProperties.stream())
                .map(PackagedApplication::relaxedEnvName).anyMatch(environmentVariable::equals);
    }

    /** The value the application sees for a property, given the container's environment. */
    String effective(String key, Env env) {
        String direct = env.literal(relaxedEnvName(key));
        if (direct != null) {
            return direct;
        }
        String value = properties.get(key);
        assertThat(value).as("property %s in the configuration of %s", key, name).isNotNull();
        Matcher placeholder = PLACEHOLDER.matcher(value);
        if (!placeholder.matches()) {
            return value;
        }
        String fromEnv = env.literal(placeholder.group(1));
        return fromEnv != null ? fromEnv : placeholder.group(2);
    }

    /** Like {@link #effective}, for a property that has a default in Spring Boot rather than in the configuration. */
    String effective(String key, Env env, String springDefault) {
        return properties.containsKey(key) || env.literal(relaxedEnvName(key)) != null ? effective(key, env)
                : springDefault;
    }
}
