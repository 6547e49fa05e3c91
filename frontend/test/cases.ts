/** The shared conformance cases (beside the repository on developer machines and in CI). */

import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export const CASES = [
  resolve(__dirname, "../../../shared/conformance/cases"),
  resolve(__dirname, "../../shared/conformance/cases"),
].find(existsSync);

/** Every .json file under `folder`, sorted, depth first. */
export function jsonFiles(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return jsonFiles(path);
      return name.endsWith(".json") ? [path] : [];
    });
}
