import { createRouter, createWebHistory } from "vue-router";
import HomePage from "./pages/HomePage.vue";

/** Every view has its own URL (shareable); pages other than Home load on demand. */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: "/", name: "home", component: HomePage, meta: { title: "Home" } },
    {
      path: "/units",
      name: "units",
      component: () => import("./pages/UnitsPage.vue"),
      meta: { title: "Units" },
    },
    { path: "/units/:unitId", name: "unit", component: () => import("./pages/UnitPage.vue"), props: true },
    {
      path: "/observations/:sequenceId",
      name: "observation",
      component: () => import("./pages/ObservationPage.vue"),
      props: true,
    },
    {
      path: "/search",
      name: "search",
      component: () => import("./pages/SearchPage.vue"),
      meta: { title: "Search" },
    },
    {
      path: "/lightcurves/:id",
      name: "lightcurve",
      component: () => import("./pages/LightcurvePage.vue"),
      props: true,
    },
    { path: "/:rest(.*)*", name: "not-found", component: () => import("./pages/NotFoundPage.vue") },
  ],
  scrollBehavior: () => ({ top: 0 }),
});

router.afterEach((to) => {
  const part = (to.meta.title as string | undefined) ?? (Object.values(to.params)[0] as string | undefined);
  document.title = part ? `${part} · PANOPTES Data Explorer` : "PANOPTES Data Explorer";
});
