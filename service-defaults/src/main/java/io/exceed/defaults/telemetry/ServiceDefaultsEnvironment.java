package io.exceed.defaults.telemetry;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds the settings every Exceed service shares (JSON logs, metrics, tracing, storage, shutdown) with the
 * lowest precedence, so a service's application.yaml or the environment can still override each one.
 */
public class ServiceDefaultsEnvironment implements EnvironmentPostProcessor {

    private static final String DEFAULTS = "exceed-service-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            new PropertiesPropertySourceLoader().load(DEFAULTS, new ClassPathResource(DEFAULTS))
                    .forEach(source -> environment.getPropertySources().addLast(source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULTS, e);
        }
    }
}
