// A Node script: streams a run's text as it is written, then lists the teammates.
// Run with M8TES_API_KEY (and M8TES_BASE_URL for a server other than m8tes.ai) in the environment.
import { M8tes, NotFoundError } from "@m8tes/wasm";

const client = new M8tes(); // reads M8TES_API_KEY and M8TES_BASE_URL

const stream = client.runs.create({ message: "Summarise yesterday's support tickets", tools: ["gmail"] });
for await (const text of stream.textStream()) process.stdout.write(text);
process.stdout.write("\n");

for await (const mate of client.teammates.list()) console.log(`teammate ${mate.id}: ${mate.name}`);

try {
  await client.teammates.get(99999999);
} catch (err) {
  if (!(err instanceof NotFoundError)) throw err;
  console.log(`no teammate 99999999 (${err.status})`);
}
