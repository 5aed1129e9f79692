import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { libpqEnvironment } from "../../../core/operations/postgres_backup.ts";

const env = suite("operations: the libpq environment pg_dump and pg_restore get");

env("a TCP URL: host, port, user, database, and the password out of the command line", () => {
  assert.equal(
    libpqEnvironment("postgres://guichet:mot%20de%2Fpasse@db.exemple.fr:5433/guichet_prod"),
    {
      PGHOST: "db.exemple.fr",
      PGPORT: "5433",
      PGUSER: "guichet",
      PGPASSWORD: "mot de/passe",
      PGDATABASE: "guichet_prod",
    },
  );
});

env("a Unix socket folder given as ?host= wins over the URL's host", () => {
  assert.equal(
    libpqEnvironment("postgresql://postgres@localhost/guichet?host=%2Frun%2Fpostgresql"),
    {
      PGHOST: "/run/postgresql",
      PGUSER: "postgres",
      PGDATABASE: "guichet",
    },
  );
});

env("a port given as ?port= (beside a socket folder) is libpq's PGPORT", () => {
  assert.equal(
    libpqEnvironment("postgres://postgres@localhost/guichet?host=%2Ftmp%2Fpg&port=5499"),
    { PGHOST: "/tmp/pg", PGPORT: "5499", PGUSER: "postgres", PGDATABASE: "guichet" },
  );
});

env(
  "TLS: libpq's sslmode as given, Postgres.js's ssl= translated, other parameters dropped",
  () => {
    assert.is(libpqEnvironment("postgres://u@h/d?sslmode=verify-full").PGSSLMODE, "verify-full");
    assert.is(libpqEnvironment("postgres://u@h/d?ssl=true").PGSSLMODE, "require");
    const other = libpqEnvironment("postgres://u@h/d?max=4&application_name=x");
    assert.equal(Object.keys(other).sort(), ["PGDATABASE", "PGHOST", "PGUSER"]);
  },
);

env.run();
