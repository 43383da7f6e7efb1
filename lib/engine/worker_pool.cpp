// SPDX-License-Identifier: MIT
#include "engine/worker_pool.hpp"

#include <string>
#include <system_error>

#include "worker/worker.hpp"

namespace ucopy_impl {

void WorkerPool::start(RunContext &ctx) {
  const size_t n = ctx.cfg.workers;
  // Fewer workers than last time: the others go, with their buffers.
  if (threads_.size() > n) shrink(n);
  std::unique_lock<std::mutex> lk(mu_);
  for (size_t i = 0; i < n; i++) {
    if (i == threads_.size()) {
      auto t = std::make_unique<Thread>();
      Thread *p = t.get();
      try {
        t->thread = std::thread([this, p] { main(*p); });
      } catch (const std::system_error &e) {
        lk.unlock();
        ctx.fatal(-e.code().value(), std::string("cannot start a worker thread: ") + e.what());
        return;
      }
      threads_.push_back(std::move(t));
    }
    Thread &t = *threads_[i];
    t.ctx = &ctx;
    t.cnt = ctx.counters[i + 1].get();
    running_.fetch_add(1);
  }
  wake_.notify_all();
}

void WorkerPool::main(Thread &t) {
  std::unique_lock<std::mutex> lk(mu_);
  for (;;) {
    wake_.wait(lk, [&] { return t.quit || t.ctx != nullptr; });
    if (t.quit) return;
    RunContext &ctx = *t.ctx;
    lk.unlock();
    {
      Worker w(ctx, *t.cnt, t.slot);
      w.run();
    }
    running_.fetch_sub(1);
    // The run's context is still ours until t.ctx is cleared below.
    ctx.events.notify();
    lk.lock();
    t.ctx = nullptr;
    t.cnt = nullptr;
    idle_.notify_all();
  }
}

void WorkerPool::wait_idle() {
  std::unique_lock<std::mutex> lk(mu_);
  idle_.wait(lk, [&] {
    for (const auto &t : threads_)
      if (t->ctx != nullptr) return false;
    return true;
  });
}

void WorkerPool::shrink(size_t n) {
  std::vector<std::unique_ptr<Thread>> gone;
  {
    std::lock_guard<std::mutex> lk(mu_);
    while (threads_.size() > n) {
      threads_.back()->quit = true;
      gone.push_back(std::move(threads_.back()));
      threads_.pop_back();
    }
  }
  wake_.notify_all();
  for (auto &t : gone) t->thread.join();
}

}  // namespace ucopy_impl
