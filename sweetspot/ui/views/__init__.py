"""The app's views: the matrix, the graph, the tables and panels, each a thin widget over the
document that draws what core computed."""
