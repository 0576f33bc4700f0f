// ESLint for the page's one browser script, src/vpa_cli/page/page.js: a classic
// <script> (one IIFE inlined into the page, no imports), so sourceType "script" and
// the browser's globals. ESLint's base path is the working directory when --config is
// given, and it ignores files outside it: run it from the repository root, as
// `npm run lint --prefix js` does.
import js from "@eslint/js";
import globals from "globals";

const files = ["src/vpa_cli/page/**/*.js"];

export default [
  { files, ...js.configs.recommended },
  {
    files,
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "script",
      globals: { ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Beyond the recommended set: mistakes that run without an error in a browser.
      eqeqeq: "error",
      "no-var": "error",
      "prefer-const": "error",
      "no-shadow": "error",
      "array-callback-return": "error",
      "consistent-return": "error",
      "no-loop-func": "error",
      "no-self-compare": "error",
      "no-template-curly-in-string": "error",
      "no-unused-expressions": "error",
      "no-console": "error",
      // The page's CSP allows only the script's own hash: eval and its kin would fail.
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      // Functions are hoisted and called before their line by design; a const or let
      // read before its line would throw (the temporal dead zone).
      "no-use-before-define": ["error", { functions: false, classes: true, variables: true }],
    },
  },
];
