import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { describeUserAgent } from "../../../core/accounts/user_agent.ts";

const ua = suite("describeUserAgent");

ua("names the browser, its major version and the system", () => {
  const cases: [string, string][] = [
    [
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
      "Firefox 128 sur Linux",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
      "Chrome 126 sur Windows",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
      "Edge 126 sur Windows",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "Safari 17 sur iPhone",
    ],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
      "Safari 17 sur macOS",
    ],
    [
      "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
      "Samsung Internet 25 sur Android",
    ],
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
      "Chrome 131 sur Linux",
    ],
  ];
  for (const [agent, expected] of cases) assert.is(describeUserAgent(agent), expected);
});

ua("says so when it cannot tell", () => {
  assert.is(describeUserAgent(null), "Navigateur inconnu");
  assert.is(describeUserAgent(""), "Navigateur inconnu");
  assert.is(describeUserAgent("curl/8.5.0"), "Navigateur inconnu");
  assert.is(describeUserAgent("Deno/2.9.6 (Linux)"), "Navigateur inconnu sur Linux");
});

ua.run();
