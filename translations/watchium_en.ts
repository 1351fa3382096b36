<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>watchium::app::PublicRoomsPage</name>
    <message numerus="yes">
        <location filename="../app/ui/PublicRoomsPage.cpp" line="170"/>
        <source>%n public room(s). Double-click one to join.</source>
        <translation>
            <numerusform>%n public room. Double-click it to join.</numerusform>
            <numerusform>%n public rooms. Double-click one to join.</numerusform>
        </translation>
    </message>
</context>
</TS>
