// NavierStokes: Jos Stam's "stable fluids" solver on a 2-D grid (Float64Array stencils:
// diffuse, advect, project with Gauss-Seidel relaxation), the kernel behind the classic
// NavierStokes benchmark. Our own code. Deterministic IEEE arithmetic: every engine must
// return exactly the same density sum.
const N = 64;
const SIZE = (N + 2) * (N + 2);
const ITERATIONS = 20;
const IX = (i, j) => i + (N + 2) * j;

function setBnd(b, x) {
  for (let i = 1; i <= N; i++) {
    x[IX(0, i)] = b === 1 ? -x[IX(1, i)] : x[IX(1, i)];
    x[IX(N + 1, i)] = b === 1 ? -x[IX(N, i)] : x[IX(N, i)];
    x[IX(i, 0)] = b === 2 ? -x[IX(i, 1)] : x[IX(i, 1)];
    x[IX(i, N + 1)] = b === 2 ? -x[IX(i, N)] : x[IX(i, N)];
  }
  x[IX(0, 0)] = 0.5 * (x[IX(1, 0)] + x[IX(0, 1)]);
  x[IX(0, N + 1)] = 0.5 * (x[IX(1, N + 1)] + x[IX(0, N)]);
  x[IX(N + 1, 0)] = 0.5 * (x[IX(N, 0)] + x[IX(N + 1, 1)]);
  x[IX(N + 1, N + 1)] = 0.5 * (x[IX(N, N + 1)] + x[IX(N + 1, N)]);
}

function linSolve(b, x, x0, a, c) {
  const invC = 1 / c;
  for (let k = 0; k < ITERATIONS; k++) {
    for (let j = 1; j <= N; j++) {
      let row = IX(1, j);
      for (let i = 1; i <= N; i++, row++) {
        x[row] = (x0[row] + a * (x[row - 1] + x[row + 1] + x[row - (N + 2)] + x[row + (N + 2)])) * invC;
      }
    }
    setBnd(b, x);
  }
}

function diffuse(b, x, x0, diff, dt) {
  const a = dt * diff * N * N;
  linSolve(b, x, x0, a, 1 + 4 * a);
}

function advect(b, d, d0, u, v, dt) {
  const dt0 = dt * N;
  for (let j = 1; j <= N; j++) {
    for (let i = 1; i <= N; i++) {
      let x = i - dt0 * u[IX(i, j)];
      let y = j - dt0 * v[IX(i, j)];
      if (x < 0.5) x = 0.5;
      if (x > N + 0.5) x = N + 0.5;
      if (y < 0.5) y = 0.5;
      if (y > N + 0.5) y = N + 0.5;
      const i0 = x | 0, i1 = i0 + 1, j0 = y | 0, j1 = j0 + 1;
      const s1 = x - i0, s0 = 1 - s1, t1 = y - j0, t0 = 1 - t1;
      d[IX(i, j)] = s0 * (t0 * d0[IX(i0, j0)] + t1 * d0[IX(i0, j1)])
                  + s1 * (t0 * d0[IX(i1, j0)] + t1 * d0[IX(i1, j1)]);
    }
  }
  setBnd(b, d);
}

function project(u, v, p, div) {
  const h = -0.5 / N;
  for (let j = 1; j <= N; j++) {
    for (let i = 1; i <= N; i++) {
      div[IX(i, j)] = h * (u[IX(i + 1, j)] - u[IX(i - 1, j)] + v[IX(i, j + 1)] - v[IX(i, j - 1)]);
      p[IX(i, j)] = 0;
    }
  }
  setBnd(0, div);
  setBnd(0, p);
  linSolve(0, p, div, 1, 4);
  for (let j = 1; j <= N; j++) {
    for (let i = 1; i <= N; i++) {
      u[IX(i, j)] -= 0.5 * N * (p[IX(i + 1, j)] - p[IX(i - 1, j)]);
      v[IX(i, j)] -= 0.5 * N * (p[IX(i, j + 1)] - p[IX(i, j - 1)]);
    }
  }
  setBnd(1, u);
  setBnd(2, v);
}

function addSource(x, s, dt) {
  for (let i = 0; i < SIZE; i++) x[i] += dt * s[i];
}

class Fluid {
  constructor() {
    this.dt = 0.1;
    this.diff = 0.0001;
    this.visc = 0.0001;
    for (const f of ['u', 'v', 'uPrev', 'vPrev', 'dens', 'densPrev']) this[f] = new Float64Array(SIZE);
  }

  inject(step) {
    this.densPrev.fill(0);
    this.uPrev.fill(0);
    this.vPrev.fill(0);
    const c = N >> 1;
    this.densPrev[IX(c, c)] = 50;
    this.uPrev[IX(c, c)] = 30 * ((step % 7) - 3);
    this.vPrev[IX(c, c)] = 30 * ((step % 5) - 2);
  }

  step() {
    const { u, v, uPrev, vPrev, dens, densPrev, dt } = this;
    addSource(u, uPrev, dt);
    addSource(v, vPrev, dt);
    diffuse(1, uPrev, u, this.visc, dt);
    diffuse(2, vPrev, v, this.visc, dt);
    project(uPrev, vPrev, u, v);
    advect(1, u, uPrev, uPrev, vPrev, dt);
    advect(2, v, vPrev, uPrev, vPrev, dt);
    project(u, v, uPrev, vPrev);
    addSource(dens, densPrev, dt);
    diffuse(0, densPrev, dens, this.diff, dt);
    advect(0, dens, densPrev, u, v, dt);
  }
}

/** Simulates {@code steps} frames of a 64x64 fluid; returns the total density as a string. */
export function run(steps) {
  const fluid = new Fluid();
  for (let s = 0; s < steps; s++) {
    fluid.inject(s);
    fluid.step();
  }
  let sum = 0;
  for (let i = 0; i < SIZE; i++) sum += fluid.dens[i];
  return String(sum);
}
