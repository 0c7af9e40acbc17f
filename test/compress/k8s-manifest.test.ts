import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { repoRoot } from "../../lib/data/index";
import { parseShardSpec } from "../../lib/compress/index";

// The Kubernetes Indexed Job for the gzip-knn shards is not run here (no cluster); this checks the
// fields that decide whether it runs the right shards: an Indexed Job of N completions whose pod i
// runs `scripts/gzip-knn.ts --shard i/N` into a folder on a volume every pod shares, with stated
// resources and a restart policy a Job accepts.
const Quantity = z.union([z.string().regex(/^\d+(\.\d+)?(m|Mi|Gi|Ki)?$/), z.number().positive()]);
const Manifest = z.object({
  apiVersion: z.literal("batch/v1"),
  kind: z.literal("Job"),
  metadata: z.object({ name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/).max(63) }),
  spec: z.object({
    completionMode: z.literal("Indexed"),
    completions: z.number().int().positive(),
    parallelism: z.number().int().positive(),
    backoffLimitPerIndex: z.number().int().nonnegative().optional(),
    template: z.object({
      spec: z.object({
        restartPolicy: z.enum(["Never", "OnFailure"]),
        containers: z
          .array(
            z.object({
              name: z.string(),
              image: z.string().min(1),
              workingDir: z.string().startsWith("/"),
              command: z.array(z.string()),
              args: z.array(z.string()),
              resources: z.object({ requests: z.object({ cpu: Quantity, memory: Quantity }), limits: z.object({ cpu: Quantity, memory: Quantity }) }),
              volumeMounts: z.array(z.object({ name: z.string(), mountPath: z.string().startsWith("/") })).min(1),
            }),
          )
          .length(1),
        volumes: z.array(z.object({ name: z.string(), persistentVolumeClaim: z.object({ claimName: z.string() }) })).min(1),
      }),
    }),
  }),
});

describe("scripts/k8s/gzip-knn-indexed-job.yaml (validated, not run here)", () => {
  const file = path.join(repoRoot(), "scripts", "k8s", "gzip-knn-indexed-job.yaml");
  const text = fs.readFileSync(file, "utf8");
  const job = Manifest.parse(parse(text));
  const c = job.spec.template.spec.containers[0]!;
  const cmd = [...c.command, ...c.args].join(" ");

  it("says plainly that it is not run here", () => {
    expect(text).toMatch(/NOT RUN HERE/);
  });

  it("pod i runs shard i of `completions`, in parallel, into a shared folder", () => {
    const shard = /--shard "?\$JOB_COMPLETION_INDEX\/(\d+)"?/.exec(cmd);
    expect(shard, cmd).not.toBeNull();
    const n = Number(shard![1]);
    expect(n).toBe(job.spec.completions);
    expect(job.spec.parallelism).toBeLessThanOrEqual(job.spec.completions);
    // every index the Job hands out is a shard the script accepts
    for (let i = 0; i < n; i++) expect(parseShardSpec(`${i}/${n}`)).toEqual({ index: i, count: n });
    expect(cmd).toMatch(/scripts\/gzip-knn\.ts .*--dataset ag_news --train full/);
    const out = /--out (\S+)/.exec(cmd)![1]!;
    const mount = c.volumeMounts.find((m) => out.startsWith(m.mountPath + "/"));
    expect(mount, `--out ${out} is on no mounted volume`).toBeDefined();
    expect(job.spec.template.spec.volumes.map((v) => v.name)).toContain(mount!.name);
    expect(c.workingDir.startsWith(mount!.mountPath + "/")).toBe(true);
  });

  it("one worker per pod, matching its CPU request; the merge command names the same shard count", () => {
    expect(cmd).toMatch(/--workers 1\b/);
    expect(String(c.resources.requests.cpu)).toBe("1");
    expect(text).toMatch(new RegExp(`merge --dataset ag_news --train full --shards ${job.spec.completions} --out /shared/gzip-knn-shards`));
  });

  it("the schema rejects a Job that is not Indexed", () => {
    const bad = parse(text) as { spec: { completionMode: string } };
    bad.spec.completionMode = "NonIndexed";
    expect(Manifest.safeParse(bad).success).toBe(false);
  });
});
