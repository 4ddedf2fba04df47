import { readFileSync } from 'node:fs';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

/** The Node releases with long-term support while this is maintained; Node 20's ended in 2026. */
const SUPPORTED_LTS_MAJORS = [22, 24];

/** The major of every Node image the Dockerfile builds from, following its ARG defaults. */
function dockerNodeMajors(dockerfile: string): number[] {
  const args = new Map(
    [...dockerfile.matchAll(/^ARG (\w+)=(\S+)$/gm)].map(([, name, value]) => [name, value]),
  );
  return [...dockerfile.matchAll(/^FROM (\S+)/gm)].map(([, image = '']) => {
    const resolved = image.replace(/^\$\{(\w+)\}$/, (_, name: string) => args.get(name) ?? '');
    const major = /^node:(\d+)[-.]/.exec(resolved)?.[1];
    if (major === undefined) throw new Error(`FROM ${image} is not a Node image`);
    return Number(major);
  });
}

describe('the runtime the gateway ships on', () => {
  it('builds and runs its image on a Node LTS, one release for every stage', () => {
    const majors = dockerNodeMajors(read('Dockerfile'));
    expect(majors.length).toBeGreaterThanOrEqual(2);
    expect(new Set(majors).size).toBe(1);
    expect(SUPPORTED_LTS_MAJORS).toContain(majors[0]);
  });

  it('says in engines that the image’s Node and the machines’ Node 20 are supported', () => {
    const { engines } = JSON.parse(read('package.json')) as { engines: { node: string } };
    const ranges = engines.node.split('||').map((range) => range.trim());
    const [imageMajor] = dockerNodeMajors(read('Dockerfile'));
    for (const major of [20, imageMajor]) {
      expect(ranges.some((range) => new RegExp(`^(\\^|>=)${major}\\.`).test(range))).toBe(true);
    }
  });
});
