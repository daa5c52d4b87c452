using System.Text.Json;

namespace SoundBoxSim.Host.Tests.Support;

/// <summary>The helpers OpenApiDocumentTests relies on refuse what they must, so a passing document test means something.</summary>
public sealed class SchemaValidatorTests
{
    private const string Document = """
        openapi: 3.1.0
        paths:
          /things/{id}.wav:
            get:
              responses:
                '200':
                  $ref: '#/components/responses/Thing'
                '204':
                  description: nothing
        components:
          responses:
            Thing:
              description: a thing
              headers:
                Retry-After:
                  required: true
                  schema: { type: integer, minimum: 1 }
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Thing' }
          schemas:
            Thing:
              type: object
              required: [code, name]
              additionalProperties: false
              properties:
                code: { const: 200 }
                name: { type: string, minLength: 2, maxLength: 4, pattern: '^[a-z]+$' }
                kind: { type: string, enum: [a, b] }
                when: { type: string, format: date-time }
                count: { type: integer, minimum: 0, maximum: 10 }
                maybe: { oneOf: [{ type: string }, { type: 'null' }] }
                list: { type: array, items: { type: [boolean, 'null'] }, minItems: 1, maxItems: 3 }
        """;

    private static readonly OpenApiSpec Spec = OpenApiSpec.Parse(Document);

    private static List<string> Validate(string json) =>
        Spec.Schemas.Validate(Spec.Schemas.Resolve("#/components/schemas/Thing"), JsonDocument.Parse(json).RootElement);

    [Fact]
    public void AValidInstance_HasNoErrors() =>
        Assert.Empty(Validate("""{"code":200,"name":"abc","kind":"a","when":"2025-10-14T14:17:32.5+07:00","count":10.0,"maybe":null,"list":[true,null]}"""));

    [Theory]
    [InlineData("""{"name":"abc"}""", "code")] // required
    [InlineData("""{"code":"200","name":"abc"}""", "code")] // const compares JSON values, not text
    [InlineData("""{"code":200,"name":"abc","extra":1}""", "extra")] // additionalProperties: false
    [InlineData("""{"code":200,"name":"a"}""", "minLength")]
    [InlineData("""{"code":200,"name":"abcde"}""", "maxLength")]
    [InlineData("""{"code":200,"name":"AB"}""", "match")]
    [InlineData("""{"code":200,"name":"abc","kind":"c"}""", "one of")]
    [InlineData("""{"code":200,"name":"abc","when":"2025-10-14 14:17:32"}""", "date-time")]
    [InlineData("""{"code":200,"name":"abc","count":1.5}""", "integer")]
    [InlineData("""{"code":200,"name":"abc","count":11}""", "maximum")]
    [InlineData("""{"code":200,"name":"abc","count":-1}""", "minimum")]
    [InlineData("""{"code":200,"name":"abc","maybe":1}""", "oneOf")]
    [InlineData("""{"code":200,"name":"abc","list":[1]}""", "boolean or null")]
    [InlineData("""{"code":200,"name":"abc","list":[]}""", "minItems")]
    [InlineData("""{"code":200,"name":"abc","list":[true,true,true,true]}""", "maxItems")]
    [InlineData("""[]""", "object")]
    public void AnInvalidInstance_IsRefused_SayingWhy(string json, string mentions)
    {
        var errors = Validate(json);
        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.Contains(mentions, StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownKeywordsAndDanglingReferences_FailLoudly()
    {
        var schemas = new SchemaValidator(JsonDocument.Parse("{}").RootElement);
        var instance = JsonDocument.Parse("1").RootElement;
        Assert.Throws<NotSupportedException>(() => schemas.Validate(JsonDocument.Parse("""{"multipleOf":2}""").RootElement, instance));
        Assert.Throws<NotSupportedException>(() => schemas.Validate(JsonDocument.Parse("""{"format":"email"}""").RootElement, instance));
        Assert.Throws<InvalidOperationException>(() => schemas.Validate(JsonDocument.Parse("""{"$ref":"#/components/schemas/Nope"}""").RootElement, instance));
    }

    [Fact]
    public void Responses_AreCheckedForStatus_Headers_ContentTypeAndBody()
    {
        var operation = Spec.Find("GET", "/things/12.wav")!;
        string? Header(string name) => name == "Retry-After" ? "1" : null;
        var good = """{"code":200,"name":"abc"}"""u8.ToArray();

        Assert.Null(Spec.Find("GET", "/things/12/x.wav"));
        Assert.Null(Spec.Find("POST", "/things/12.wav"));
        Assert.Empty(Spec.CheckResponse(operation, 200, "application/json", good, Header));
        Assert.Empty(Spec.CheckResponse(operation, 204, null, [], Header));
        Assert.Contains("does not list", Assert.Single(Spec.CheckResponse(operation, 404, "application/json", good, Header)), StringComparison.Ordinal);
        Assert.NotEmpty(Spec.CheckResponse(operation, 200, "application/json", good, _ => null)); // required header missing
        Assert.NotEmpty(Spec.CheckResponse(operation, 200, "application/json", good, _ => "0")); // header below its minimum
        Assert.NotEmpty(Spec.CheckResponse(operation, 200, "text/plain", good, Header));
        Assert.NotEmpty(Spec.CheckResponse(operation, 200, "application/json", """{"code":201,"name":"abc"}"""u8.ToArray(), Header));
        Assert.NotEmpty(Spec.CheckResponse(operation, 204, "application/json", good, Header)); // a body where none is documented
    }

    [Theory]
    [InlineData("a: 200", """{"a":200}""")]
    [InlineData("a: '200'", """{"a":"200"}""")]
    [InlineData("a: true", """{"a":true}""")]
    [InlineData("a: 'Off'", """{"a":"Off"}""")]
    [InlineData("a: null", """{"a":null}""")]
    [InlineData("a: 1.5", """{"a":1.5}""")]
    [InlineData("a: 1.0.0", """{"a":"1.0.0"}""")]
    [InlineData("a: [x, 'y']", """{"a":["x","y"]}""")]
    public void Yaml_IsReadWithTheCoreSchema(string yaml, string json) =>
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(json).RootElement, YamlJson.Parse(yaml)), $"{yaml} read as {YamlJson.Parse(yaml).GetRawText()}");

    [Theory]
    [InlineData("a: Off")]
    [InlineData("a: yes")]
    [InlineData("a: 2025-05-23 16:06:38")]
    [InlineData("a: 0123")]
    [InlineData("a: 0x1F")]
    [InlineData("a: 1\na: 2")]
    public void Yaml_ThatToolsReadDifferently_IsRefused(string yaml) =>
        Assert.ThrowsAny<Exception>(() => YamlJson.Parse(yaml));
}
