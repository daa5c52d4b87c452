// Validates OpenAPI documents with @apidevtools/swagger-parser (an independent implementation: it resolves every
// $ref and checks the document against the official OpenAPI JSON Schema of its version).
// Usage: node validate-openapi.mjs FILE...  Prints "FILE: valid (OpenAPI x.y.z, N paths)" or the errors; exit code 1
// when any file is invalid, 2 on bad usage.
import SwaggerParser from "@apidevtools/swagger-parser";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate-openapi.mjs FILE...");
  process.exit(2);
}

let failed = false;
for (const file of files) {
  try {
    const api = await SwaggerParser.validate(file);
    console.log(`${file}: valid (OpenAPI ${api.openapi ?? api.swagger}, ${Object.keys(api.paths ?? {}).length} paths)`);
  } catch (error) {
    failed = true;
    console.error(`${file}: INVALID`);
    console.error(error.details ? JSON.stringify(error.details, null, 2) : String(error.stack ?? error));
  }
}
process.exit(failed ? 1 : 0);
