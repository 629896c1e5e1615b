// Reads vitest's JSON report and prints the one line CI's reader understands: `N passed, N failed`.
// Build/lint steps run by .ci/run are counted as one check each; a test file that fails to load counts
// as a failure; no test at all is a failure.
import { existsSync, readFileSync } from "node:fs";

const [file, vitestExit, stepsPassed = "0", stepsFailed = "0"] = process.argv.slice(2);
let passed = Number(stepsPassed);
let failed = Number(stepsFailed);
if (!existsSync(file)) {
  console.log(`vitest wrote no report (exit ${vitestExit})`);
  failed += 1;
} else {
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  const brokenFiles = report.testResults.filter(
    (r) => r.status === "failed" && r.assertionResults.length === 0,
  );
  for (const r of brokenFiles) console.log(`test file failed to run: ${r.name}\n${r.message ?? ""}`);
  failed += brokenFiles.length;
  if (report.numTotalTests === 0) failed += 1;
  if (Number(vitestExit) !== 0 && failed === 0) failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
