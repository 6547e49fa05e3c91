/**
 * Entry of the dashboard page (templates/engine/dashboard.html): draws its charts with uPlot
 * from /api/dashboard/ (frontend/src/dashboard/).
 */
import "../dashboard/dashboard.css";
import { mountDashboard } from "../dashboard/mount";

const root = document.querySelector<HTMLElement>("[data-dashboard]");
if (root) void mountDashboard(root);
