<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>watchium::app::PublicRoomsPage</name>
    <message numerus="yes">
        <location filename="../app/ui/PublicRoomsPage.cpp" line="174"/>
        <source>%n public room(s). Double-click one to join.</source>
        <translation>
            <numerusform>%n public room. Double-click it to join.</numerusform>
            <numerusform>%n public rooms. Double-click one to join.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>watchium::app::QueuePanel</name>
    <message numerus="yes">
        <location filename="../app/ui/QueuePanel.cpp" line="229"/>
        <source>Next episode in %n s…</source>
        <translation>
            <numerusform>Next episode in %n s…</numerusform>
            <numerusform>Next episode in %n s…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>watchium::app::RoomNotice</name>
    <message numerus="yes">
        <location filename="../app/ui/RoomNotice.cpp" line="40"/>
        <source>Waiting for %1… (at most %n s)</source>
        <translation>
            <numerusform>Waiting for %1… (at most %n second)</numerusform>
            <numerusform>Waiting for %1… (at most %n seconds)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>watchium::app::ServingBar</name>
    <message numerus="yes">
        <location filename="../app/ui/ServingBar.cpp" line="58"/>
        <source>Serving %1 for %n member(s)</source>
        <translation>
            <numerusform>Serving %1 for %n member</numerusform>
            <numerusform>Serving %1 for %n members</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>watchium::app::ServingQuestions</name>
    <message numerus="yes">
        <location filename="../app/ui/ServingQuestions.cpp" line="13"/>
        <source>%n other(s) are still watching. Keep serving the room for them in the background?</source>
        <translation>
            <numerusform>%n other is still watching. Keep serving the room for them in the background?</numerusform>
            <numerusform>%n others are still watching. Keep serving the room for them in the background?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/ui/ServingQuestions.cpp" line="30"/>
        <source>%n member(s) are watching rooms served by this computer. Quitting closes those rooms for them.</source>
        <translation>
            <numerusform>%n member is watching a room served by this computer. Quitting closes it for them.</numerusform>
            <numerusform>%n members are watching rooms served by this computer. Quitting closes those rooms for them.</numerusform>
        </translation>
    </message>
</context>
</TS>
