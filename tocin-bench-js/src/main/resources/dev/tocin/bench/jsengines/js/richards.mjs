// Richards: the classic operating-system scheduler simulation (tasks, packets, priorities),
// object- and branch-heavy. Our own ES-module port of the algorithm; one iteration schedules
// the standard task set with count 1000, which must give queueCount 2322 and holdCount 928.
const ID_IDLE = 0, ID_WORKER = 1, ID_HANDLER_A = 2, ID_HANDLER_B = 3, ID_DEVICE_A = 4, ID_DEVICE_B = 5;
const NUMBER_OF_IDS = 6;
const KIND_DEVICE = 0, KIND_WORK = 1;
const DATA_SIZE = 4;
const STATE_RUNNING = 0, STATE_RUNNABLE = 1, STATE_SUSPENDED = 2, STATE_HELD = 4;
const STATE_SUSPENDED_RUNNABLE = STATE_SUSPENDED | STATE_RUNNABLE;
const STATE_NOT_HELD = ~STATE_HELD;

class Packet {
  constructor(link, id, kind) {
    this.link = link;
    this.id = id;
    this.kind = kind;
    this.a1 = 0;
    this.a2 = new Array(DATA_SIZE).fill(0);
  }

  addTo(queue) {
    this.link = null;
    if (queue === null) return this;
    let next = queue;
    let peek;
    while ((peek = next.link) !== null) next = peek;
    next.link = this;
    return queue;
  }
}

class TaskControlBlock {
  constructor(link, id, priority, queue, task) {
    this.link = link;
    this.id = id;
    this.priority = priority;
    this.queue = queue;
    this.task = task;
    this.state = queue === null ? STATE_SUSPENDED : STATE_SUSPENDED_RUNNABLE;
  }

  setRunning() { this.state = STATE_RUNNING; }
  markAsNotHeld() { this.state &= STATE_NOT_HELD; }
  markAsHeld() { this.state |= STATE_HELD; }
  markAsSuspended() { this.state |= STATE_SUSPENDED; }
  markAsRunnable() { this.state |= STATE_RUNNABLE; }
  isHeldOrSuspended() { return (this.state & STATE_HELD) !== 0 || this.state === STATE_SUSPENDED; }

  run() {
    let packet = null;
    if (this.state === STATE_SUSPENDED_RUNNABLE) {
      packet = this.queue;
      this.queue = packet.link;
      this.state = this.queue === null ? STATE_RUNNING : STATE_RUNNABLE;
    }
    return this.task.run(packet);
  }

  checkPriorityAdd(task, packet) {
    if (this.queue === null) {
      this.queue = packet;
      this.markAsRunnable();
      if (this.priority > task.priority) return this;
    } else {
      this.queue = packet.addTo(this.queue);
    }
    return task;
  }
}

class IdleTask {
  constructor(scheduler, v1, count) {
    this.scheduler = scheduler;
    this.v1 = v1;
    this.count = count;
  }

  run(packet) {
    this.count--;
    if (this.count === 0) return this.scheduler.holdCurrent();
    if ((this.v1 & 1) === 0) {
      this.v1 = this.v1 >> 1;
      return this.scheduler.release(ID_DEVICE_A);
    }
    this.v1 = (this.v1 >> 1) ^ 0xD008;
    return this.scheduler.release(ID_DEVICE_B);
  }
}

class DeviceTask {
  constructor(scheduler) {
    this.scheduler = scheduler;
    this.v1 = null;
  }

  run(packet) {
    if (packet === null) {
      if (this.v1 === null) return this.scheduler.suspendCurrent();
      const v = this.v1;
      this.v1 = null;
      return this.scheduler.queue(v);
    }
    this.v1 = packet;
    return this.scheduler.holdCurrent();
  }
}

class WorkerTask {
  constructor(scheduler, v1, v2) {
    this.scheduler = scheduler;
    this.v1 = v1;
    this.v2 = v2;
  }

  run(packet) {
    if (packet === null) return this.scheduler.suspendCurrent();
    this.v1 = this.v1 === ID_HANDLER_A ? ID_HANDLER_B : ID_HANDLER_A;
    packet.id = this.v1;
    packet.a1 = 0;
    for (let i = 0; i < DATA_SIZE; i++) {
      this.v2++;
      if (this.v2 > 26) this.v2 = 1;
      packet.a2[i] = this.v2;
    }
    return this.scheduler.queue(packet);
  }
}

class HandlerTask {
  constructor(scheduler) {
    this.scheduler = scheduler;
    this.v1 = null;
    this.v2 = null;
  }

  run(packet) {
    if (packet !== null) {
      if (packet.kind === KIND_WORK) this.v1 = packet.addTo(this.v1);
      else this.v2 = packet.addTo(this.v2);
    }
    if (this.v1 !== null) {
      const count = this.v1.a1;
      if (count < DATA_SIZE) {
        if (this.v2 !== null) {
          const v = this.v2;
          this.v2 = this.v2.link;
          v.a1 = this.v1.a2[count];
          this.v1.a1 = count + 1;
          return this.scheduler.queue(v);
        }
      } else {
        const v = this.v1;
        this.v1 = this.v1.link;
        return this.scheduler.queue(v);
      }
    }
    return this.scheduler.suspendCurrent();
  }
}

class Scheduler {
  constructor() {
    this.queueCount = 0;
    this.holdCount = 0;
    this.blocks = new Array(NUMBER_OF_IDS).fill(null);
    this.list = null;
    this.currentTcb = null;
    this.currentId = -1;
  }

  addTask(id, priority, queue, task) {
    this.currentTcb = new TaskControlBlock(this.list, id, priority, queue, task);
    this.list = this.currentTcb;
    this.blocks[id] = this.currentTcb;
  }

  addIdleTask(id, priority, queue, count) {
    this.addTask(id, priority, queue, new IdleTask(this, 1, count));
    this.currentTcb.setRunning();
  }

  schedule() {
    this.currentTcb = this.list;
    while (this.currentTcb !== null) {
      if (this.currentTcb.isHeldOrSuspended()) {
        this.currentTcb = this.currentTcb.link;
      } else {
        this.currentId = this.currentTcb.id;
        this.currentTcb = this.currentTcb.run();
      }
    }
  }

  release(id) {
    const tcb = this.blocks[id];
    if (tcb === null) return tcb;
    tcb.markAsNotHeld();
    return tcb.priority > this.currentTcb.priority ? tcb : this.currentTcb;
  }

  holdCurrent() {
    this.holdCount++;
    this.currentTcb.markAsHeld();
    return this.currentTcb.link;
  }

  suspendCurrent() {
    this.currentTcb.markAsSuspended();
    return this.currentTcb;
  }

  queue(packet) {
    const target = this.blocks[packet.id];
    if (target === null) return target;
    this.queueCount++;
    packet.link = null;
    packet.id = this.currentId;
    return target.checkPriorityAdd(this.currentTcb, packet);
  }
}

function packets(count, id, kind) {
  let queue = null;
  for (let i = 0; i < count; i++) queue = new Packet(queue, id, kind);
  return queue;
}

function runOnce() {
  const scheduler = new Scheduler();
  scheduler.addIdleTask(ID_IDLE, 0, null, 1000);
  scheduler.addTask(ID_WORKER, 1000, packets(2, ID_WORKER, KIND_WORK), new WorkerTask(scheduler, ID_HANDLER_A, 0));
  scheduler.addTask(ID_HANDLER_A, 2000, packets(3, ID_DEVICE_A, KIND_DEVICE), new HandlerTask(scheduler));
  scheduler.addTask(ID_HANDLER_B, 3000, packets(3, ID_DEVICE_B, KIND_DEVICE), new HandlerTask(scheduler));
  scheduler.addTask(ID_DEVICE_A, 4000, null, new DeviceTask(scheduler));
  scheduler.addTask(ID_DEVICE_B, 5000, null, new DeviceTask(scheduler));
  scheduler.schedule();
  return scheduler;
}

/** Runs the simulation {@code iterations} times; returns "queueCount/holdCount" of the last run. */
export function run(iterations) {
  let last = null;
  for (let i = 0; i < iterations; i++) last = runOnce();
  return `${last.queueCount}/${last.holdCount}`;
}
