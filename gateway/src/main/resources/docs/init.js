// Loads the gateway's own OpenAPI document; validatorUrl null keeps Swagger UI from sending it to a public validator.
window.ui = SwaggerUIBundle({
  url: "v1/openapi.json",
  dom_id: "#swagger-ui",
  validatorUrl: null,
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout"
});
