import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { isLocalPath } from "../../../core/shared/paths.ts";

const paths = suite("local paths");

paths("isLocalPath() keeps this site's paths", () => {
  for (const path of ["/", "/dossiers/12", "/commencer/titre?demarrer=1", "/avis/3#reponse"]) {
    assert.ok(isLocalPath(path), path);
  }
});

paths("isLocalPath() refuses whatever a browser would take elsewhere", () => {
  for (
    const path of [
      "",
      "dossiers",
      "//autre.site",
      "/\\autre.site",
      "/\t/autre.site",
      "/\n/autre.site",
      "/\u0000",
      "https://autre.site",
      "javascript:alert(1)",
    ]
  ) assert.not.ok(isLocalPath(path), JSON.stringify(path));
});

paths.run();
