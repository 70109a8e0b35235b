package io.exceed.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** What k8s/Dockerfile does with an application's jar: the layers it copies, its user, JVM flags and entry point. */
record Dockerfile(String text) {

    static Dockerfile read(Path repoRoot) throws IOException {
        return new Dockerfile(Files.readString(repoRoot.resolve("k8s/Dockerfile")));
    }

    /** The layers the final image copies out of the extracted jar, in order. */
    List<String> copiedLayers() {
        return Pattern.compile("^COPY --from=layers /build/extracted/([a-z-]+)/ \\./$", Pattern.MULTILINE)
                .matcher(text).results().map(match -> match.group(1)).toList();
    }

    /** The arguments after {@code java -jar app.jar} in the extracting stage. */
    List<String> extractCommand() {
        return Arrays.asList(single("^RUN java -Djarmode=tools -jar app\\.jar (.+)$").split(" "));
    }

    /** The default of ARG JAVA_IMAGE: the image both stages are built on unless the build names another. */
    String baseImage() {
        return single("^ARG JAVA_IMAGE=(\\S+)$");
    }

    String user() {
        return single("^USER (\\d+)(?::\\d+)?$");
    }

    String workdir() {
        List<String> workdirs = Pattern.compile("^WORKDIR (\\S+)$", Pattern.MULTILINE).matcher(text).results()
                .map(match -> match.group(1)).toList();
        return workdirs.getLast();
    }

    String javaToolOptions() {
        return single("^ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"$");
    }

    /** The exec-form ENTRYPOINT, e.g. [java, org.springframework.boot.loader.launch.JarLauncher]. */
    List<String> entrypoint() {
        return Pattern.compile("\"([^\"]*)\"").matcher(single("^ENTRYPOINT \\[(.*)]$")).results()
                .map(match -> match.group(1)).toList();
    }

    private String single(String regex) {
        List<String> found = Pattern.compile(regex, Pattern.MULTILINE).matcher(text).results()
                .map(match -> match.group(1)).toList();
        assertThat(found).as("exactly one line in k8s/Dockerfile matching %s", regex).hasSize(1);
        return found.getFirst();
    }
}
